from torch import nn
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer


class AudioLLMWrapper(nn.Module):
    """Wraps an audio language model; ``model_path`` names a local directory or a Hub id."""

    def __init__(self, *args, **kwargs):
        super().__init__()
        model_or_path = kwargs.get("model_path", "acme/audio-llm-7b")
        self.model = AutoModelForCausalLM.from_pretrained(model_or_path, device_map="cpu")
        self.tokenizer = AutoTokenizer.from_pretrained(model_or_path)

    def forward(self, **batch):
        return self.model(**batch)


class SpeakerEncoder(nn.Module):
    def __init__(self, **kwargs):
        super().__init__()
        self.backbone = AutoModel.from_pretrained("acme/wavlm-base-speaker")

    def forward(self, wav):
        return self.backbone(wav).last_hidden_state.mean(dim=1)
