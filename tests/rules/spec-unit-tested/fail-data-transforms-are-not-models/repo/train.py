import torch
from torch import nn

from vq.data.image_transforms import RandomCropWithBox
from vq.models.vqvae import VQAutoencoder


def main():
    torch.manual_seed(23)
    crop = RandomCropWithBox(64)
    model = VQAutoencoder()
    opt = torch.optim.Adam(model.parameters(), lr=4.5e-6)
    for _ in range(1000):
        images, _ = crop(torch.rand(4, 3, 96, 96))
        loss = nn.functional.l1_loss(model(images), images)
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "vq.ckpt")


if __name__ == "__main__":
    main()
