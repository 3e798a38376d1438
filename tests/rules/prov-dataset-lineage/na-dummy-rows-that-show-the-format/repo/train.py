import argparse
import json

from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train_args_file", default="train_args/sft-qlora.json")
    args = json.load(open(parser.parse_args().train_args_file))
    tokenizer = AutoTokenizer.from_pretrained(args["model_name_or_path"], revision="a3f8b6c1e2d4f5a6b7c8d9e0f1a2b3c4d5e6f7a8")
    model = AutoModelForCausalLM.from_pretrained(args["model_name_or_path"], revision="a3f8b6c1e2d4f5a6b7c8d9e0f1a2b3c4d5e6f7a8")
    dataset = load_dataset("json", data_files=args["train_file"], split="train")
    dataset = dataset.map(lambda e: tokenizer(e["conversation"][0]["human"], truncation=True))
    trainer = Trainer(model=model, train_dataset=dataset,
                      args=TrainingArguments(output_dir=args["output_dir"], seed=args["seed"]))
    trainer.train()


if __name__ == "__main__":
    main()
