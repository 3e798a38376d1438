import subprocess
import sys


def test_dqn() -> None:
    subprocess.run("python agents/dqn.py --total-timesteps 64", shell=True, check=True)


def test_ppo() -> None:
    subprocess.run([sys.executable, "agents/ppo.py", "--num-steps", "16"], check=True)
