"""Deep Q-learning on CartPole, in one file."""
import argparse
import random

import gymnasium as gym
import numpy as np
import torch
from torch import nn, optim


class QNetwork(nn.Module):
    def __init__(self, obs_dim: int, n_actions: int) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(obs_dim, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                                 nn.Linear(84, n_actions))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--total-timesteps", type=int, default=500_000)
    parser.add_argument("--learning-rate", type=float, default=2.5e-4)
    args = parser.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    env = gym.make("CartPole-v1")
    q = QNetwork(env.observation_space.shape[0], env.action_space.n)
    opt = optim.Adam(q.parameters(), lr=args.learning_rate)
    obs, _ = env.reset(seed=args.seed)
    for step in range(args.total_timesteps):
        values = q(torch.tensor(obs, dtype=torch.float32))
        action = int(values.argmax())
        obs, reward, done, _, _ = env.step(action)
        loss = (values[action] - torch.tensor(reward)).pow(2)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if done:
            obs, _ = env.reset()
