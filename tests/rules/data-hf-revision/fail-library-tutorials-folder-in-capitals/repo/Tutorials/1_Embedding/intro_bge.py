# Tutorial 1.2: encode a few sentences with BGE through transformers directly
from transformers import AutoModel, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("BAAI/bge-base-en-v1.5")
model = AutoModel.from_pretrained("BAAI/bge-base-en-v1.5")

sentences = ["embedding models map text to vectors", "rerankers score query and passage pairs"]
batch = tokenizer(sentences, padding=True, truncation=True, return_tensors="pt")
embeddings = model(**batch).last_hidden_state[:, 0]
print(embeddings.shape)
