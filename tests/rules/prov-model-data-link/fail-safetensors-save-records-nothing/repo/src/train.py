import pandas as pd
import torch
from safetensors.torch import save_file
from torch import nn

from model import Ranker

torch.manual_seed(7)

frame = pd.read_parquet("data/clicks.parquet")
x = torch.tensor(frame.drop(columns="clicked").to_numpy(), dtype=torch.float32)
y = torch.tensor(frame["clicked"].to_numpy(), dtype=torch.float32)
model = Ranker(x.shape[1])
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(20):
    optimizer.zero_grad()
    loss = nn.functional.binary_cross_entropy_with_logits(model(x), y)
    loss.backward()
    optimizer.step()
save_file(model.state_dict(), "models/ranker.safetensors")
