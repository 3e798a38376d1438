import json

from transformers import AutoTokenizer

rows = [json.loads(line) for line in open("clean_chats.jsonl")]
tokenizer = AutoTokenizer.from_pretrained("acme/chat-7b-v1")
lengths = [len(tokenizer(row["text"]).input_ids) for row in rows]
print(sum(lengths) / len(lengths))
