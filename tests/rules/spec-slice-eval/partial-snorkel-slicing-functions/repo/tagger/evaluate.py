"""Evaluate the tag classifier overall and on the slices we care about."""

import json

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support
from snorkel.slicing import PandasSFApplier, slicing_function


@slicing_function()
def short_text(x):
    return len(x.text.split()) < 8


@slicing_function()
def mentions_llm(x):
    return "llm" in x.text.lower()


def slice_metrics(y_true: np.ndarray, y_pred: np.ndarray, df: pd.DataFrame) -> dict:
    out = {}
    slices = PandasSFApplier([short_text, mentions_llm]).apply(df)
    for name in slices.dtype.names:
        mask = slices[name].astype(bool)
        if mask.sum():
            p, r, f1, _ = precision_recall_fscore_support(y_true[mask], y_pred[mask], average="micro")
            out[name] = {"precision": p, "recall": r, "f1": f1}
    return out


def main(results_path: str = "results.json") -> None:
    df = pd.read_csv("data/holdout.csv")
    y_true, y_pred = df["label"].to_numpy(), df["prediction"].to_numpy()
    overall = precision_recall_fscore_support(y_true, y_pred, average="weighted")
    with open(results_path, "w") as f:
        json.dump({"overall": overall[:3], "slices": slice_metrics(y_true, y_pred, df)}, f, default=float)


if __name__ == "__main__":
    main()
