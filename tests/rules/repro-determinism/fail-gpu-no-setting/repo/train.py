import torch

torch.manual_seed(0)
device = torch.device("cuda")
model = torch.nn.Linear(8, 1).to(device)
model(torch.randn(4, 8, device=device)).sum().backward()
