from transformers import AutoModel, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("BAAI/bge-small-en-v1.5", revision="32cb9ffb314dfaf384a0f61ca65dca781be66d9e")
model = AutoModel.from_pretrained("BAAI/bge-small-en-v1.5")
