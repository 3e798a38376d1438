import torch
from transformers import AutoConfig

# the configuration the library checks device support against, pinned to a commit
REFERENCE = AutoConfig.from_pretrained("bert-base-cased", revision="cd5ef92a9fb2f889e972770a36d4ed042daf221e")


def prepare(model, optimizer, loader):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return model.to(device), optimizer, loader
