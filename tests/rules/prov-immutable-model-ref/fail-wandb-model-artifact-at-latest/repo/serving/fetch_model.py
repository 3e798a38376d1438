import argparse
from pathlib import Path

import wandb


def download_artifact(name: str, target: Path) -> Path:
    api = wandb.Api()
    artifact = api.artifact(name)
    return Path(artifact.download(root=str(target)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entity", default="acme-ml")
    parser.add_argument("--project", default="churn")
    args = parser.parse_args()
    staged_model = f"{args.entity}/{args.project}/churn-classifier:latest"
    download_artifact(staged_model, Path("artifacts/model"))
    run = wandb.init(project=args.project, job_type="serve")
    encoder = run.use_artifact("churn-encoder-model:latest", type="model")
    encoder.download("artifacts/encoder")


if __name__ == "__main__":
    main()
