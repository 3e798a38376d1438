from transformers import AutoTokenizer


def rwkv_tokenizer():
    return AutoTokenizer.from_pretrained("EleutherAI/pythia-160m")
