from transformers import AutoModel, AutoTokenizer


class Embedder:
    def __init__(self, model_name_or_path: str, revision: str | None = None):
        self.tokenizer = AutoTokenizer.from_pretrained(model_name_or_path, revision=revision)
        self.model = AutoModel.from_pretrained(model_name_or_path, revision=revision)

    def encode(self, sentences):
        batch = self.tokenizer(sentences, padding=True, truncation=True, return_tensors="pt")
        return self.model(**batch).last_hidden_state[:, 0]
