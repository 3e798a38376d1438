from transformers import AutoModelForSequenceClassification, AutoTokenizer

MODEL_DIR = "./artifacts/model"
tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR)
