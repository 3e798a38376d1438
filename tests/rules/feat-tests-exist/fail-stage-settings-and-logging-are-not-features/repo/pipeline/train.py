import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

from pipeline.logs import stage_logger
from pipeline.settings import ROOT, train_settings

log = stage_logger("train")


def main() -> None:
    cfg = train_settings()
    frame = pd.read_parquet(ROOT / "data/features.parquet")
    x, y = frame.drop(columns=["defaulted"]), frame["defaulted"]
    model = RandomForestClassifier(n_estimators=cfg.n_estimators, min_samples_leaf=cfg.min_samples_leaf,
                                   random_state=cfg.seed)
    model.fit(x, y)
    (ROOT / "models").mkdir(exist_ok=True)
    joblib.dump(model, ROOT / "models/loan_default.joblib")
    log.info("trained on %d rows", len(frame))


if __name__ == "__main__":
    main()
