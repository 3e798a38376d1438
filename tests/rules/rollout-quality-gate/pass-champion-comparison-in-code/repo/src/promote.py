import sys

from mlflow import MlflowClient

client = MlflowClient()
MIN_F1 = 0.70


def promote(name: str, version: str) -> None:
    candidate = client.get_run(client.get_model_version(name, version).run_id).data.metrics
    champion_version = client.get_model_version_by_alias(name, "champion")
    champion = client.get_run(champion_version.run_id).data.metrics
    if candidate["f1"] < MIN_F1:
        raise SystemExit(f"f1 {candidate['f1']:.3f} is below the floor {MIN_F1}")
    if candidate["f1"] < champion["f1"] - 0.005:
        raise SystemExit("candidate is worse than the champion")
    client.set_registered_model_alias(name, "champion", version)


if __name__ == "__main__":
    promote(sys.argv[1], sys.argv[2])
