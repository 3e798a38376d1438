import fire
import numpy as np
import tqdm

from codebench.data import read_problems


def pass_at_k(n: int, c: int, k: int) -> float:
    if n - c < k:
        return 1.0
    return 1.0 - float(np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def evaluate(samples: str, k: int = 1) -> dict:
    problems = read_problems()
    results = {}
    for task_id in tqdm.tqdm(problems):
        results[task_id] = pass_at_k(10, 3, k)
    return results


def main() -> None:
    fire.Fire(evaluate)
