import argparse

import torch
from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

BASE = "huggyllama/llama-7b"
BASE_REVISION = "8416d3fefb0cb3ff5775a7b13c1692d10ff1aa16"


def main(output_dir):
    torch.manual_seed(42)
    data = load_dataset("tatsu-lab/alpaca")["train"]
    tokenizer = AutoTokenizer.from_pretrained(BASE, revision=BASE_REVISION)
    model = AutoModelForCausalLM.from_pretrained(BASE, revision=BASE_REVISION, torch_dtype=torch.bfloat16)
    model = get_peft_model(model, LoraConfig(r=64, lora_alpha=16, task_type="CAUSAL_LM"))
    data = data.map(lambda r: tokenizer(r["instruction"] + r["output"], truncation=True, max_length=512))
    trainer = Trainer(model=model, train_dataset=data,
                      args=TrainingArguments(output_dir=output_dir, num_train_epochs=1, seed=42))
    trainer.train()
    model.save_pretrained(output_dir)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--output_dir", required=True)
    main(parser.parse_args().output_dir)
