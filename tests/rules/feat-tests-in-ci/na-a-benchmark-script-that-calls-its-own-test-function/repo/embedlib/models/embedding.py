import torch
from transformers import AutoModel, AutoTokenizer


class EmbeddingModel:
    def __init__(self, model_name_or_path: str, revision: str | None = None, device: str = "cpu"):
        self.tokenizer = AutoTokenizer.from_pretrained(model_name_or_path, revision=revision)
        self.model = AutoModel.from_pretrained(model_name_or_path, revision=revision).to(device).eval()
        self.device = device

    @torch.no_grad()
    def encode(self, sentences, max_length: int = 512):
        batch = self.tokenizer(sentences, padding=True, truncation=True, max_length=max_length,
                               return_tensors="pt").to(self.device)
        embeddings = self.model(**batch).last_hidden_state[:, 0]
        return torch.nn.functional.normalize(embeddings, dim=-1).cpu().numpy()
