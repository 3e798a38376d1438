"""Proximal policy optimisation on CartPole, in one file."""
import argparse

import gymnasium as gym
import torch
from torch import nn, optim


class Agent(nn.Module):
    def __init__(self, obs_dim: int, n_actions: int) -> None:
        super().__init__()
        self.actor = nn.Sequential(nn.Linear(obs_dim, 64), nn.Tanh(), nn.Linear(64, n_actions))
        self.critic = nn.Sequential(nn.Linear(obs_dim, 64), nn.Tanh(), nn.Linear(64, 1))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.actor(x), self.critic(x)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--num-steps", type=int, default=128)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    env = gym.make("CartPole-v1")
    agent = Agent(env.observation_space.shape[0], env.action_space.n)
    opt = optim.Adam(agent.parameters(), lr=3e-4)
    obs, _ = env.reset(seed=args.seed)
    for _ in range(args.num_steps):
        logits, value = agent(torch.tensor(obs, dtype=torch.float32))
        action = int(torch.distributions.Categorical(logits=logits).sample())
        obs, reward, done, _, _ = env.step(action)
        loss = (value - reward).pow(2).mean() - logits.log_softmax(-1)[action]
        opt.zero_grad()
        loss.backward()
        opt.step()
        if done:
            obs, _ = env.reset()


if __name__ == "__main__":
    main()
