"""Train the review sentiment classifier: a bag-of-embeddings model over tokenised reviews."""

import argparse

import pandas as pd
import torch
from torch import nn


class ReviewClassifier(nn.Module):
    def __init__(self, vocab_size: int, dim: int = 64) -> None:
        super().__init__()
        self.embed = nn.EmbeddingBag(vocab_size, dim)
        self.head = nn.Linear(dim, 2)

    def forward(self, tokens: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        return self.head(self.embed(tokens, offsets))


def batches(frame: pd.DataFrame, size: int):
    for start in range(0, len(frame), size):
        chunk = frame.iloc[start:start + size]
        tokens = [torch.tensor(t) for t in chunk["token_ids"]]
        offsets = torch.tensor([0] + [len(t) for t in tokens[:-1]]).cumsum(0)
        yield torch.cat(tokens), offsets, torch.tensor(chunk["label"].values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/reviews.parquet")
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    frame = pd.read_parquet(args.data).sample(frac=1.0)
    model = ReviewClassifier(vocab_size=30_000)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(args.epochs):
        for tokens, offsets, labels in batches(frame, 128):
            optimizer.zero_grad()
            loss = loss_fn(model(tokens, offsets), labels)
            loss.backward()
            optimizer.step()
    torch.save(model.state_dict(), "models/review_classifier.pt")


if __name__ == "__main__":
    main()
