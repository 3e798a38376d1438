import pandas as pd

from trainer.linear import train


def test_train_predicts_both_classes():
    df = pd.DataFrame({"timestamp": pd.date_range("2024-01-01", periods=40, freq="h"),
                       "amount": range(40), "label": [0, 1] * 20})
    model = train(df, "label")
    assert set(model.predict(df.drop(columns=["label"]))) <= {0, 1}
