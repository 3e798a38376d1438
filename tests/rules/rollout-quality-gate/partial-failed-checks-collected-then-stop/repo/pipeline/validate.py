"""Register the run's model when its offline metrics are within the release floors."""
import json
import sys

import mlflow

MAX_MAPE = 0.18
MIN_COVERAGE = 0.9


def main(metrics_path: str, run_id: str) -> int:
    with open(metrics_path) as fh:
        metrics = json.load(fh)

    problems = []
    if metrics["mape"] > MAX_MAPE:
        problems.append(f"mape {metrics['mape']:.3f} is above {MAX_MAPE}")
    if metrics["interval_coverage"] < MIN_COVERAGE:
        problems.append(f"coverage {metrics['interval_coverage']:.3f} is below {MIN_COVERAGE}")
    if problems:
        print("not registered:", "; ".join(problems))
        return 1
    mlflow.register_model(f"runs:/{run_id}/model", "demand-forecast")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
