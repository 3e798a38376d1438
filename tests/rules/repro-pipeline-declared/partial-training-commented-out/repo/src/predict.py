import glob
import os

import joblib
import pandas as pd

if __name__ == "__main__":
    df = pd.read_csv(os.environ["TEST_DATA"])
    models = [joblib.load(p) for p in glob.glob(f"models/{os.environ['MODEL']}_*.pkl")]
    df["target"] = sum(m.predict_proba(df.drop(columns=["id"]))[:, 1] for m in models) / len(models)
    df[["id", "target"]].to_csv("submission.csv", index=False)
