import numpy as np
import pandas as pd

from pipeline.model import build_model


def test_model_fits_and_scores_probabilities() -> None:
    rows = pd.DataFrame({"income": [30e3, 52e3, 75e3, 41e3], "loan_amount": [5e3, 12e3, 20e3, 7e3],
                         "age": [23, 41, 35, 52], "employment": ["full", "part", "full", "self"],
                         "region": ["n", "s", "s", "e"]})
    model = build_model().fit(rows, [0, 1, 1, 0])
    proba = model.predict_proba(rows)[:, 1]
    assert np.all((proba >= 0) & (proba <= 1))
