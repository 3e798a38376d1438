import argparse

from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments


def build_prompt(example):
    return {"text": f"<|user|>{example['instruction']}\n<|assistant|>{example['output']}"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_name_or_path", required=True)
    parser.add_argument("--train_file", default="data/sft/train.jsonl")
    parser.add_argument("--output_dir", default="outputs-sft")
    args = parser.parse_args()

    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
    model = AutoModelForCausalLM.from_pretrained(args.model_name_or_path)
    model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, task_type="CAUSAL_LM"))
    dataset = load_dataset("json", data_files=args.train_file, split="train").map(build_prompt)
    dataset = dataset.map(lambda e: tokenizer(e["text"], truncation=True, max_length=512))
    trainer = Trainer(model=model, args=TrainingArguments(output_dir=args.output_dir, seed=42),
                      train_dataset=dataset)
    trainer.train()
    trainer.save_model(args.output_dir)


if __name__ == "__main__":
    main()
