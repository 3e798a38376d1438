"""Summarise a text file with the copy download_model.py saved."""
import sys

from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

model = AutoModelForSeq2SeqLM.from_pretrained("summarizer")
tokenizer = AutoTokenizer.from_pretrained("summarizer")

with open(sys.argv[1], encoding="utf-8") as fh:
    ids = tokenizer.encode(fh.read(), return_tensors="pt", truncation=True)
print(tokenizer.decode(model.generate(ids)[0], skip_special_tokens=True))
