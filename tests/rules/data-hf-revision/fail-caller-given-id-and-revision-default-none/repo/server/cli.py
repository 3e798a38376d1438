from typing import Optional

import typer
from huggingface_hub import hf_hub_download

app = typer.Typer()


@app.command()
def download_weights(model_id: str, revision: Optional[str] = None) -> None:
    """Download the weights of MODEL_ID (at --revision) into the local cache before the server starts."""
    hf_hub_download(model_id, revision=revision, filename="config.json")


@app.command()
def warmup(revision: Optional[str] = None) -> None:
    hf_hub_download("bigscience/bloom-560m", revision=revision, filename="config.json")


if __name__ == "__main__":
    app()
