import json
import os

DATA = os.environ.get("APPROVAL_DATA", "data/applications.csv")
OUT = os.environ.get("APPROVAL_MODEL", "models/approval.joblib")


def hyperparameters() -> dict:
    with open(os.environ.get("APPROVAL_PARAMS", "params.json")) as fh:
        return json.load(fh)
