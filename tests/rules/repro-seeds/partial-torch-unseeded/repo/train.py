import random

import numpy as np
import torch

random.seed(0)
np.random.seed(0)
x = torch.randn(64, 8)
model = torch.nn.Linear(8, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
model(x).sum().backward()
opt.step()
