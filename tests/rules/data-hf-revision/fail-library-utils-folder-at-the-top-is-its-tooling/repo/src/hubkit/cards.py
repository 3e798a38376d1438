from huggingface_hub import hf_hub_download


def default_template() -> str:
    path = hf_hub_download("hubkit/card-template", "TEMPLATE.md")
    with open(path) as f:
        return f.read()
