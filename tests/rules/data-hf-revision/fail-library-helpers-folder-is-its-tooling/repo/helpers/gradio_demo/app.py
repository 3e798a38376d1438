import gradio as gr
from transformers import AutoModel

model = AutoModel.from_pretrained("acme-audio/speechkit-mini-v1")


def speak(text: str, description: str):
    return model.generate(text=text, description=description)


gr.Interface(speak, ["text", "text"], "audio").launch()
