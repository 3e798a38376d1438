from __future__ import annotations

import bentoml

with bentoml.importing():
    from transformers import pipeline

image = bentoml.images.Image(python_version="3.11").requirements_file("requirements.txt")


@bentoml.service(image=image, resources={"cpu": "2"})
class Summarizer:
    model_path = bentoml.models.HuggingFaceModel("acme-nlp/news-summarizer")
    classifier_path = bentoml.models.HuggingFaceModel(
        "acme-nlp/topic-classifier", revision="4f8d5c1a9b2e3d7f6a0c8b1e2d3f4a5b6c7d8e9f"
    )

    def __init__(self) -> None:
        self.summarize_pipe = pipeline("summarization", model=self.model_path)
        self.classify_pipe = pipeline("text-classification", model=self.classifier_path)

    @bentoml.api
    def summarize(self, text: str) -> str:
        return self.summarize_pipe(text)[0]["summary_text"]
