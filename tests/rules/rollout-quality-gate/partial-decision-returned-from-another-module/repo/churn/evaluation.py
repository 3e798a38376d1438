"""Score the challenger and the champion on the same holdout month."""

import mlflow
import pandas as pd
from sklearn.metrics import roc_auc_score

from churn.policy import judge

HOLDOUT = "data/holdout.parquet"


def _auc(model_uri: str, frame: pd.DataFrame) -> float:
    model = mlflow.pyfunc.load_model(model_uri)
    return float(roc_auc_score(frame["churned"], model.predict(frame.drop(columns="churned"))))


def challenger_beats_champion(run_id: str, min_gain: float = 0.002) -> tuple[bool, dict[str, float]]:
    frame = pd.read_parquet(HOLDOUT)
    challenger = _auc(f"runs:/{run_id}/model", frame)
    champion = _auc("models:/churn@champion", frame)
    verdict = judge(candidate_auc=challenger, champion_auc=champion, min_gain=min_gain)
    return verdict.accepted, {"challenger_auc": challenger, "champion_auc": champion, "gain": verdict.gain}
