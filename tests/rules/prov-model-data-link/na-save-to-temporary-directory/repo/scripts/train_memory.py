"""Measures the accelerator memory and the adapter file size of a short fine-tuning run."""
import os
import sys
import tempfile
import time

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM


def main(model_id, steps=10):
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(model_id), LoraConfig(r=8))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    tic = time.perf_counter()
    for _ in range(steps):
        loss = model(input_ids=torch.randint(0, 1000, (2, 64)), labels=torch.randint(0, 1000, (2, 64))).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    print(f"total time: {time.perf_counter() - tic:.2f}s")
    with tempfile.TemporaryDirectory() as tmp_dir:
        model.save_pretrained(tmp_dir)
        size = os.stat(os.path.join(tmp_dir, "adapter_model.safetensors")).st_size
    print(f"file size: {size / 2**20:.1f}MB")


if __name__ == "__main__":
    main(sys.argv[1])
