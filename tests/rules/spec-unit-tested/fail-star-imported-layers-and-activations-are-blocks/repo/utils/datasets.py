import torch
from torch.utils.data import Dataset


class LoadImagesAndLabels(Dataset):
    def __init__(self, path):
        self.path = path
        self.items = []

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return torch.zeros(3, 64, 64), torch.zeros(0, 6)
