import subprocess

from .common import app, train_image


@app.function(image=train_image, gpu="A100", timeout=3600 * 6)
def train(config: str) -> None:
    subprocess.run(["accelerate", "launch", "-m", "axolotl.cli.train", config], check=True)
