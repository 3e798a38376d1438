import transformers


class JudgeModel:
    def __init__(self, pretrained: str = "TinyLlama/TinyLlama-1.1B-Chat-v1.0", revision: str = "main") -> None:
        self.config = transformers.AutoConfig.from_pretrained(
            pretrained,
            revision=revision,
        )
