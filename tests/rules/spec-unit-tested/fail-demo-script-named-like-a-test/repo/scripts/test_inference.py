"""Try the trained model on a few made-up customers: python scripts/test_inference.py models/churn.pt"""
import sys

import torch

from churn.model import ChurnNet

model = ChurnNet(n_features=8)
model.load_state_dict(torch.load(sys.argv[1], map_location="cpu"))
model.eval()
with torch.no_grad():
    print(torch.sigmoid(model(torch.randn(4, 8))))
