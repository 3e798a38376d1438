import pandas as pd

from churn.jobs import training


def test_training_fits(tmp_path):
    pd.DataFrame({"tenure_months": [1, 30], "monthly_charges": [20.0, 80.0]}).to_parquet(tmp_path / "x.parquet")
    pd.DataFrame({"churned": [1, 0]}).to_parquet(tmp_path / "y.parquet")
    assert training.run(str(tmp_path / "x.parquet"), str(tmp_path / "y.parquet")).coef_.shape == (1, 2)
