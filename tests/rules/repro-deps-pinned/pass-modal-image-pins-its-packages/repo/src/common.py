import modal

AXOLOTL_SHA = "9578c47333bdcc9ad7318e54506b9adaf283161092ae780353d506f7a656590a"

train_image = (
    modal.Image.from_registry(f"winglian/axolotl@sha256:{AXOLOTL_SHA}")
    .pip_install(
        "huggingface_hub==0.23.2",
        "hf-transfer==0.1.5",
        "wandb==0.16.3",
    )
    .env({"HF_HUB_ENABLE_HF_TRANSFER": "1"})
)

serve_image = modal.Image.debian_slim(python_version="3.10").pip_install(["vllm==0.5.1", "torch==2.3.0"])

app = modal.App("llm-finetune")
