import torch

from forecaster.model import WaveMixer

model = WaveMixer()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for _ in range(10):
    x = torch.randn(8, 96, 7)
    loss = model(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "wavemixer.pt")
