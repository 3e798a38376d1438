import numpy as np
import torch

from sample import generate
from tinylm.model import TinyLM
from tinylm.scaling import add_scaling

torch.manual_seed(0)
data = torch.from_numpy(np.load("data/tokens.npy")).long()
model = TinyLM()
model.load_state_dict(torch.load("checkpoints/base.pth"))
add_scaling(model)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
for step in range(100):
    ix = torch.randint(len(data) - 9, (4,))
    x = torch.stack([data[i:i + 8] for i in ix])
    y = torch.stack([data[i + 1:i + 9] for i in ix])
    logits = model(x)
    loss = torch.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    if step % 50 == 0:
        print(generate(model, x[:1], max_new_tokens=8))
torch.save(model.state_dict(), "out/finetuned.pth")
