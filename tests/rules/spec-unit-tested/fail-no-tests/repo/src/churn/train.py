import torch

from churn.model import ChurnNet

model = ChurnNet(n_features=8)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x, y = torch.load("data/train.pt")
for epoch in range(20):
    opt.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), y)
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "models/churn.pt")
