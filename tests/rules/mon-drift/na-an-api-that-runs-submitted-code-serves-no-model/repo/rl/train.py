import requests
import torch
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("./checkpoints/sft")
opt = torch.optim.AdamW(model.parameters(), lr=1e-6)


def reward(program: str, tests: str) -> float:
    passed = requests.post("http://sandbox:1234/run", json={"program": program, "tests": tests}).json()["passed"]
    return sum(passed) / max(len(passed), 1)
