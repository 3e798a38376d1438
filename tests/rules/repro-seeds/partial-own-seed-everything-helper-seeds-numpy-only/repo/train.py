import lightning as L
import numpy as np
import torch

import helpers


def main() -> None:
    fabric = L.Fabric(accelerator="cpu")
    helpers.seed_everything(7)
    x = torch.from_numpy(np.random.rand(64, 4)).float()
    y = x.sum(dim=1, keepdim=True)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    model, opt = fabric.setup(model, opt)
    for _ in range(20):
        loss = torch.nn.functional.mse_loss(model(x), y)
        fabric.backward(loss)
        opt.step()
        opt.zero_grad()
    fabric.save("out/regressor.pth", {"model": model})


if __name__ == "__main__":
    main()
