import pandas as pd


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["income"] = (out["income"] - out["income"].mean()) / out["income"].std()
    return out


def test_normalise_has_zero_mean():
    df = pd.DataFrame({"income": [10.0, 20.0, 30.0]})
    assert abs(normalise(df)["income"].mean()) < 1e-9
