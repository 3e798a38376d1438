import torch

from utils.loaders import StreamLoader


def run(source, weights="last.pt"):
    model = torch.nn.Linear(16, 2)
    model.load_state_dict(torch.load(weights))
    for frame in StreamLoader(source):
        print(model(frame).argmax())


if __name__ == "__main__":
    run("rtsp://camera.local/stream")
