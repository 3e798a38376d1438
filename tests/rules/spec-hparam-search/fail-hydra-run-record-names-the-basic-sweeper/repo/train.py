import hydra
import torch
from omegaconf import DictConfig
from torch import nn


@hydra.main(config_path="conf", config_name="config", version_base=None)
def main(cfg: DictConfig) -> None:
    torch.manual_seed(cfg.seed)
    net = nn.Sequential(nn.Linear(4, cfg.model.hidden), nn.ReLU(), nn.Linear(cfg.model.hidden, 2))
    opt = torch.optim.Adam(net.parameters(), lr=cfg.model.lr)
    x, y = torch.randn(32, 4), torch.randint(0, 2, (32,))
    for _ in range(cfg.epochs):
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    torch.save(net.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
