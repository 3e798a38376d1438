import requests
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("acme-nlp/review-sentiment")
text = "The battery lasts all day."
print(len(tokenizer(text)["input_ids"]), "tokens")
print(requests.post("http://localhost:8000/predict", json={"text": text}, timeout=10).json())
