from dataclasses import dataclass, field


@dataclass
class ModelConfig:
    model_name_or_path: str | None = field(default=None, metadata={"help": "Model checkpoint to start from."})
    model_revision: str = field(default="main", metadata={"help": "Branch, tag or commit of the model."})
