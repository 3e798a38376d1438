from transformers import AutoModel


def load_codec():
    """The audio codec every speechkit model decodes with."""
    return AutoModel.from_pretrained("acme-audio/dac-44khz")
