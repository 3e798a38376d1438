from dataclasses import dataclass


@dataclass
class RewardPolicyConfig:
    hidden_size: int = 512
    text_tokenizer_name: str = "google/paligemma-3b-pt-224"
