import torch

from diffusion.unet import UNet


def main():
    torch.manual_seed(0)
    model = UNet()
    opt = torch.optim.RAdam(model.parameters(), lr=1e-4)
    for _ in range(1000):
        x = torch.randn(8, 3, 32, 32)
        noise = torch.randn_like(x)
        loss = torch.nn.functional.mse_loss(model(x + noise, None), noise)
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "unet.pt")


if __name__ == "__main__":
    main()
