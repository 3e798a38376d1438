import gradio as gr
from transformers import pipeline

classifier = pipeline("sentiment-analysis", model="acme-nlp/review-sentiment")


def classify(text):
    return classifier(text)[0]["label"]


gr.Interface(fn=classify, inputs="text", outputs="label").launch()
