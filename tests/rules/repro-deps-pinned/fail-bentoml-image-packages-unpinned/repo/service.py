import bentoml

with bentoml.importing():
    from transformers import pipeline

image = (
    bentoml.images.Image(python_version="3.11")
    .python_packages("torch", "transformers", "sentencepiece==0.2.0")
)


@bentoml.service(image=image, resources={"cpu": "2"})
class Translator:
    model_path = bentoml.models.HuggingFaceModel(
        "acme-nlp/en-fr", revision="0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"
    )

    def __init__(self) -> None:
        self.pipe = pipeline("translation_en_to_fr", model=self.model_path)

    @bentoml.api
    def translate(self, text: str) -> str:
        return self.pipe(text)[0]["translation_text"]
