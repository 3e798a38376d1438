from transformers import AutoModelForSequenceClassification, AutoTokenizer

BASE = "distilbert/distilbert-base-uncased"
REVISION = "86b5e0934494bd15c9632b12f734a8a67f723594"


def load():
    tokenizer = AutoTokenizer.from_pretrained(BASE, revision=REVISION)
    model = AutoModelForSequenceClassification.from_pretrained(BASE, revision=REVISION, num_labels=3)
    return tokenizer, model
