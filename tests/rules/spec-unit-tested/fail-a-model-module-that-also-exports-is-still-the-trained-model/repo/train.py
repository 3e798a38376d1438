import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from model import PlateClassifier


def main() -> None:
    data = datasets.ImageFolder("data/plates/train", transform=transforms.Compose(
        [transforms.Resize((32, 32)), transforms.ToTensor()]))
    model = PlateClassifier(classes=len(data.classes))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(10):
        for x, y in DataLoader(data, batch_size=64, shuffle=True):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    torch.save(model.state_dict(), "models/plate_classifier.pt")


if __name__ == "__main__":
    main()
