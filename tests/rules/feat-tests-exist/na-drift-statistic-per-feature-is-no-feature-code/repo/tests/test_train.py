import pandas as pd

from training.train import train


def test_train_fits_on_a_few_rows() -> None:
    frame = pd.DataFrame({"a": [0.1, 0.9, 0.2, 0.8], "b": [1, 0, 1, 0], "label": [0, 1, 0, 1]})
    model = train(frame)
    assert list(model.predict(frame.drop(columns=["label"]))) == [0, 1, 0, 1]
