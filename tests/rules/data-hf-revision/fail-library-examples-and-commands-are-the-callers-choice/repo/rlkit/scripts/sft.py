import argparse

import yaml
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--model_name", default="Qwen/Qwen2.5-0.5B")
    args = parser.parse_args()
    config = yaml.safe_load(open(args.config))
    dataset = load_dataset(config["dataset_name"], split="train")
    tokenizer = AutoTokenizer.from_pretrained(args.model_name, revision=config["revision"])
    model = AutoModelForCausalLM.from_pretrained(args.model_name, revision=config["revision"])
    trainer = Trainer(model=model, args=TrainingArguments(output_dir="out"), train_dataset=dataset,
                      tokenizer=tokenizer)
    trainer.train()


if __name__ == "__main__":
    main()
