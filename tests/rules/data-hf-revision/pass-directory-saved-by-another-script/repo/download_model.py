"""Fetch the summariser once and keep a copy beside the app."""
from transformers import pipeline

summarizer = pipeline(
    "summarization",
    model="sshleifer/distilbart-cnn-12-6",
    revision="a4f8f3ea906ed274767e9906dbaede7531d660ff",
)
summarizer.save_pretrained("summarizer")
