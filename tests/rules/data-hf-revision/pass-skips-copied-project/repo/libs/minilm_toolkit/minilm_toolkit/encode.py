from transformers import AutoModel, AutoTokenizer


def encode(texts):
    tokenizer = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
    model = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
    batch = tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
    return model(**batch).last_hidden_state.mean(dim=1)
