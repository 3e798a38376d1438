import torch
from transformers import AutoTokenizer


def tiny_dataloader(batch_size=4):
    tokenizer = AutoTokenizer.from_pretrained("bert-base-cased")
    enc = tokenizer(["a short sentence", "another one", "and a third", "the last"], padding=True,
                    return_tensors="pt")
    data = torch.utils.data.TensorDataset(enc["input_ids"], torch.tensor([0, 1, 0, 1]))
    return torch.utils.data.DataLoader(data, batch_size=batch_size)
