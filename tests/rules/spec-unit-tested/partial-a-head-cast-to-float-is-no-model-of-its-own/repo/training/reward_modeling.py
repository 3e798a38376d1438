import argparse

import torch
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments


class CastOutputToFloat(torch.nn.Sequential):
    """Cast the output of the model to float"""

    def forward(self, x):
        return super().forward(x).to(torch.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_name_or_path", required=True)
    parser.add_argument("--train_file", default="data/reward/train.jsonl")
    parser.add_argument("--output_dir", default="outputs-rm")
    args = parser.parse_args()

    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
    model = AutoModelForSequenceClassification.from_pretrained(args.model_name_or_path, num_labels=1)
    model.gradient_checkpointing_enable()
    model.score = CastOutputToFloat(model.score)
    dataset = load_dataset("json", data_files=args.train_file, split="train")
    dataset = dataset.map(lambda e: tokenizer(e["chosen"], truncation=True, max_length=512))
    trainer = Trainer(model=model, args=TrainingArguments(output_dir=args.output_dir, seed=42),
                      train_dataset=dataset)
    trainer.train()
    trainer.save_model(args.output_dir)


if __name__ == "__main__":
    main()
