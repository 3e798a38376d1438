import sys

from transformers import AutoTokenizer, PreTrainedTokenizerFast


def encode(text: str) -> list[int]:
    tokenizer = PreTrainedTokenizerFast.from_pretrained("checkpoints/voice-0.5b")
    return tokenizer(text)["input_ids"]


def compare(text: str) -> None:
    ours = encode(text)
    base = AutoTokenizer.from_pretrained("acme/voice-base-tokenizer")(text)["input_ids"]
    print(len(ours), len(base))


if __name__ == "__main__":
    compare(sys.argv[1])
