"""Pretrained checkpoints, pinned by the sha256 of their content."""
import hashlib
import urllib.request
from pathlib import Path

import torch

# the file name carries the first hex digits of the sha256 of the file: torch.hub checks them
RESNET_URL = "https://download.pytorch.org/models/resnet50-11ad3fa6.pth"
SAM_URL = "https://huggingface.co/acme-vision/sam-lite/resolve/main/sam_lite_b-01ec64d2.pth"

CHECKPOINTS = {
    "detector-s": (
        "https://github.com/acme-vision/detector/releases/download/v1.2/detector_s.pt",
        "9f3c2a1b7e5d4c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f",
    ),
}
DEPTH_URL = "https://storage.example.org/weights/depth_large.pt"
DEPTH_SHA256 = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b"


def backbone() -> dict:
    return torch.hub.load_state_dict_from_url(RESNET_URL, check_hash=True, map_location="cpu")


def sam() -> dict:
    return torch.hub.load_state_dict_from_url(SAM_URL, check_hash=True, map_location="cpu")


def _verified(path: Path, expected: str) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        path.unlink()
        raise RuntimeError(f"{path.name}: sha256 {digest} is not the published {expected}")
    return path


def detector(name: str, cache: Path = Path.home() / ".cache" / "detect") -> Path:
    url, sha256 = CHECKPOINTS[name]
    dest = cache / url.rsplit("/", 1)[-1]
    if not dest.exists():
        cache.mkdir(parents=True, exist_ok=True)
        urllib.request.urlretrieve(url, dest)
    return _verified(dest, sha256)


def depth(cache: Path = Path("weights")) -> Path:
    dest = cache / "depth_large.pt"
    urllib.request.urlretrieve("https://storage.example.org/weights/depth_large.pt", dest)
    if hashlib.sha256(dest.read_bytes()).hexdigest() != DEPTH_SHA256:
        raise RuntimeError("depth_large.pt: checksum mismatch")
    return dest


def depth2(cache: Path = Path("weights")) -> Path:
    dest = cache / "depth_large.pt"
    urllib.request.urlretrieve(DEPTH_URL, dest)
    return _verified(dest, DEPTH_SHA256)
