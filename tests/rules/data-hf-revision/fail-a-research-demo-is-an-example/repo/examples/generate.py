import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

model = AutoModelForCausalLM.from_pretrained("huggyllama/llama-7b", torch_dtype=torch.bfloat16)
model = PeftModel.from_pretrained(model, "acme-nlp/guanaco-7b-adapter")
tokenizer = AutoTokenizer.from_pretrained("huggyllama/llama-7b", revision="8416d3fefb0cb3ff5775a7b13c1692d10ff1aa16")

prompt = "### Human: Name three colours.### Assistant:"
inputs = tokenizer(prompt, return_tensors="pt")
print(tokenizer.decode(model.generate(**inputs, max_new_tokens=32)[0]))
