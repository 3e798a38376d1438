"""Deep Q-learning for grid worlds."""
import random

import torch

from gridrl.agents.networks import QNetwork
from gridrl.common.preprocessing import to_tensor


class DQN:
    def __init__(self, env, learning_rate: float = 1e-3, gamma: float = 0.99, epsilon: float = 0.1, seed=None):
        self.env = env
        self.gamma = gamma
        self.epsilon = epsilon
        if seed is not None:
            random.seed(seed)
            torch.manual_seed(seed)
        self.q = QNetwork(env.n_inputs, env.n_actions)
        self.optimizer = torch.optim.Adam(self.q.parameters(), lr=learning_rate)

    def learn(self, total_steps: int) -> "DQN":
        obs = self.env.reset()
        for _ in range(total_steps):
            if random.random() < self.epsilon:
                action = random.randrange(self.env.n_actions)
            else:
                action = int(self.q(to_tensor(obs[None])).argmax())
            next_obs, reward, done = self.env.step(action)
            target = reward + self.gamma * (0.0 if done else float(self.q(to_tensor(next_obs[None])).max()))
            loss = (self.q(to_tensor(obs[None]))[0, action] - target) ** 2
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            obs = self.env.reset() if done else next_obs
        return self
