import lightning as L
import numpy as np
import torch

from tinylm.model import TinyLM

learning_rate = 3e-4
max_iters = 200
micro_batch_size = 4


def main(data_path: str = "data/train.npy", out_path: str = "out/tinylm.pth") -> None:
    fabric = L.Fabric(accelerator="cpu", devices=1)
    fabric.launch()
    fabric.seed_everything(1337 + fabric.global_rank)

    data = np.load(data_path)
    model = TinyLM()
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    model, optimizer = fabric.setup(model, optimizer)
    for _ in range(max_iters):
        ix = torch.randint(len(data) - 9, (micro_batch_size,))
        x = torch.stack([torch.from_numpy(data[i:i + 8]).long() for i in ix])
        y = torch.stack([torch.from_numpy(data[i + 1:i + 9]).long() for i in ix])
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
        fabric.backward(loss)
        optimizer.step()
        optimizer.zero_grad()
    fabric.save(out_path, {"model": model})


if __name__ == "__main__":
    main()
