import json
from dataclasses import dataclass, field
from typing import Optional

import torch
import transformers


@dataclass
class ModelArguments:
    model_name_or_path: Optional[str] = field(default="facebook/opt-125m")


@dataclass
class DataArguments:
    data_path: str = field(default=None, metadata={"help": "Path to the training data."})


@dataclass
class TrainingArguments(transformers.TrainingArguments):
    model_max_length: int = field(default=512)


def train():
    parser = transformers.HfArgumentParser((ModelArguments, DataArguments, TrainingArguments))
    model_args, data_args, training_args = parser.parse_args_into_dataclasses()
    with open(data_args.data_path) as fh:
        records = json.load(fh)
    model = transformers.AutoModelForCausalLM.from_pretrained(model_args.model_name_or_path)
    tokenizer = transformers.AutoTokenizer.from_pretrained(model_args.model_name_or_path)
    encoded = [tokenizer(r["instruction"] + r["output"], truncation=True) for r in records]
    trainer = transformers.Trainer(model=model, args=training_args, train_dataset=encoded)
    trainer.train()
    trainer.save_model(training_args.output_dir)
    torch.cuda.empty_cache()


if __name__ == "__main__":
    train()
