import torch

from gen.models.diffusion import LatentDiffusion


def main():
    torch.manual_seed(0)
    model = LatentDiffusion()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    for _ in range(100):
        loss = model.loss(torch.randn(16, 8, 64))
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "ldm.pt")


if __name__ == "__main__":
    main()
