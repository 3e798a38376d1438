import gradio as gr
import torch
from transformers import AutoModel, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("acme-nlp/sup-contrastive-bert-base")
model = AutoModel.from_pretrained("acme-nlp/sup-contrastive-bert-base")


def similarity(first: str, second: str) -> float:
    batch = tokenizer([first, second], padding=True, return_tensors="pt")
    with torch.no_grad():
        emb = model(**batch).pooler_output
    return float(torch.nn.functional.cosine_similarity(emb[0], emb[1], dim=0))


gr.Interface(similarity, ["text", "text"], "number").launch()
