import requests


class GenerationClient:
    def __init__(self, url: str = "http://localhost:8000") -> None:
        self.url = url

    def generate(self, prompts: list[str]) -> list[str]:
        return requests.post(f"{self.url}/generate", json={"prompts": prompts}, timeout=60).json()["texts"]


# Example usage
if __name__ == "__main__":
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B")
    print(GenerationClient().generate(["Hello"]))
