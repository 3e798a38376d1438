import modal

image = modal.Image.debian_slim(python_version="3.11").pip_install("torch==2.3.0", "transformers", "peft==0.11.1")
app = modal.App("finetune")


@app.function(image=image, gpu="A10G")
def train() -> None:
    import torch

    print(torch.cuda.is_available())
