import argparse

import torch
from datasets import load_dataset
from transformers import AutoModel, AutoTokenizer

BASE = "google-bert/bert-base-uncased"
BASE_REVISION = "86b5e0934494bd15c9632b12f734a8a67f723594"


def main(output_dir: str) -> None:
    torch.manual_seed(42)
    tokenizer = AutoTokenizer.from_pretrained(BASE, revision=BASE_REVISION)
    data = load_dataset("acme-nlp/wiki1m-sentences")["train"]
    model = AutoModel.from_pretrained(BASE, revision=BASE_REVISION)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    for row in data.select(range(1000)):
        batch = tokenizer([row["text"], row["text"]], return_tensors="pt")
        emb = model(**batch).pooler_output
        loss = -torch.nn.functional.cosine_similarity(emb[0], emb[1], dim=0)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.save_pretrained(output_dir)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--output_dir", required=True)
    main(parser.parse_args().output_dir)
