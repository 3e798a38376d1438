import os

from transformers import CLIPModel, CLIPProcessor

_SLOW_DOCTESTS = os.environ.get("SCOREKIT_SLOW_DOCTESTS") == "1"

if _SLOW_DOCTESTS:

    def _warm_cache() -> None:
        """Fetch the default checkpoint once so that the doctests below do not time out."""
        CLIPModel.from_pretrained("openai/clip-vit-base-patch32")
        CLIPProcessor.from_pretrained("openai/clip-vit-base-patch32")

    _warm_cache()
else:
    __doctest_skip__ = ["image_text_similarity"]


def image_text_similarity(images, texts, model_name_or_path: str = "openai/clip-vit-base-patch32"):
    """>>> image_text_similarity(images, ["a cat"])"""
    model = CLIPModel.from_pretrained(model_name_or_path)
    processor = CLIPProcessor.from_pretrained(model_name_or_path)
    inputs = processor(text=texts, images=images, return_tensors="pt", padding=True)
    return model(**inputs).logits_per_image


def caption_tokenizer():
    return CLIPProcessor.from_pretrained("openai/clip-vit-base-patch16").tokenizer
