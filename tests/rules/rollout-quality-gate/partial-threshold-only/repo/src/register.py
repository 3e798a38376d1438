import json
import sys

import mlflow

MIN_AUC = 0.78


def main(run_id: str) -> None:
    with open("reports/metrics.json") as fh:
        metrics = json.load(fh)
    auc = metrics["roc_auc"]
    if auc < MIN_AUC:
        sys.exit(f"AUC {auc:.3f} below {MIN_AUC}; not registering")
    mlflow.register_model(f"runs:/{run_id}/model", "churn-clf")


if __name__ == "__main__":
    main(sys.argv[1])
