"""Turn raw grid observations into the tensors the agents' networks take."""
import numpy as np
import torch


def one_hot_cells(grid: np.ndarray, n_kinds: int) -> np.ndarray:
    """Encode each cell kind as a one-hot vector."""
    return np.eye(n_kinds, dtype=np.float32)[grid]


def scale_rewards(rewards: np.ndarray, scale: float = 0.1) -> np.ndarray:
    return np.clip(rewards * scale, -1.0, 1.0)


def to_tensor(obs: np.ndarray, device: str = "cpu") -> torch.Tensor:
    return torch.as_tensor(obs, dtype=torch.float32, device=device).flatten(start_dim=1)
