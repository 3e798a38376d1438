from torch import nn
from transformers import AutoTokenizer

from rlkit.policies.reward_config import RewardPolicyConfig


class RewardPolicy(nn.Module):
    def __init__(self, config: RewardPolicyConfig) -> None:
        super().__init__()
        self.tokenizer = AutoTokenizer.from_pretrained(config.text_tokenizer_name)
        self.head = nn.Linear(config.hidden_size, 1)
