import torch

encoder = torch.jit.load("models/news_encoder.pt")


def select_articles(candidates: list[str], clicked: list[str], k: int) -> list[str]:
    with torch.no_grad():
        scores = encoder(candidates, clicked)
    return [candidates[i] for i in scores.topk(k).indices.tolist()]
