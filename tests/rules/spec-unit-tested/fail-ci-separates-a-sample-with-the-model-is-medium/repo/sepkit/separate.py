import argparse

import torch
import torchaudio

from .model import TinySeparator


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", "--name", default="tiny")
    parser.add_argument("--two-stems")
    parser.add_argument("track")
    args = parser.parse_args()
    model = TinySeparator()
    model.load_state_dict(torch.hub.load_state_dict_from_url(f"https://example.org/{args.name}.th"))
    wav, _ = torchaudio.load(args.track)
    with torch.no_grad():
        stems = model(wav[None])
    for i, stem in enumerate(stems[0]):
        torchaudio.save(f"separated/{args.name}_{i}.wav", stem, 44100)
