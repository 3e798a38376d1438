import torch
from torch import nn

from patchformer import PatchFormer

torch.manual_seed(0)
model = PatchFormer(image_size=32, patch_size=4, num_classes=10, dim=64)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
for step in range(20):
    images, labels = torch.randn(16, 3, 32, 32), torch.randint(0, 10, (16,))
    loss = nn.functional.cross_entropy(model(images), labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(step, loss.item())
