import torch

from tinylm.model import TinyLM


@torch.no_grad()
def generate(model: TinyLM, idx: torch.Tensor, max_new_tokens: int, temperature: float = 1.0) -> torch.Tensor:
    for _ in range(max_new_tokens):
        logits = model(idx)[:, -1, :] / temperature
        nxt = torch.multinomial(torch.softmax(logits, dim=-1), num_samples=1)
        idx = torch.cat([idx, nxt], dim=1)
    return idx
