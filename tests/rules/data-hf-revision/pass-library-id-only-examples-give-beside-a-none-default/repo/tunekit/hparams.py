from dataclasses import dataclass, field
from typing import Optional


@dataclass
class ModelArguments:
    model_name_or_path: Optional[str] = field(
        default=None,
        metadata={"help": "Path to the model weight or identifier from huggingface.co/models."},
    )
    trust_remote_code: bool = field(default=False)
