from dataclasses import dataclass, field

import yaml
from transformers import AutoModelForCausalLM, AutoTokenizer, HfArgumentParser


@dataclass
class ModelArguments:
    model_name_or_path: str = field(default="Qwen/Qwen2.5-0.5B")
    model_revision: str = field(default="main")


def main() -> None:
    parser = HfArgumentParser(ModelArguments)
    (model_args,) = parser.parse_yaml_file("recipes/sft/config.yaml")
    tokenizer = AutoTokenizer.from_pretrained(model_args.model_name_or_path, revision=model_args.model_revision)
    model_kwargs = dict(revision=model_args.model_revision, torch_dtype="bfloat16")
    model = AutoModelForCausalLM.from_pretrained(model_args.model_name_or_path, **model_kwargs)
