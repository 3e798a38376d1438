import warnings

from transformers import AutoModelForCausalLM, AutoTokenizer


class LocalModel:
    """Runs a chat model locally with transformers."""

    def __init__(self, model_id: str | None = None, device: str = "cpu"):
        if model_id is None:
            warnings.warn("model_id will be required in 2.0; using the small default model")
            model_id = "acme-labs/tiny-chat-1b"
        self.tokenizer = AutoTokenizer.from_pretrained(model_id)
        self.model = AutoModelForCausalLM.from_pretrained(model_id).to(device)

    def generate(self, prompt: str) -> str:
        ids = self.tokenizer(prompt, return_tensors="pt").input_ids
        return self.tokenizer.decode(self.model.generate(ids, max_new_tokens=64)[0])


class Judge:
    """Scores an answer with the library's own judge model."""

    def __init__(self):
        self.tokenizer = AutoTokenizer.from_pretrained("acme-labs/answer-judge")
