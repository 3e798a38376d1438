import numpy as np

from gridrl.agents.dqn import DQN
from gridrl.common.preprocessing import one_hot_cells


class TinyEnv:
    n_inputs = 4
    n_actions = 2

    def reset(self):
        return np.zeros(4, dtype=np.float32)

    def step(self, action):
        return np.ones(4, dtype=np.float32), float(action), True


def test_learns_without_error():
    DQN(TinyEnv(), seed=0).learn(5)


def test_one_hot_cells():
    assert one_hot_cells(np.array([0, 2]), 3).tolist() == [[1, 0, 0], [0, 0, 1]]
