import joblib
import pandas as pd

from pipeline.model import build_model
from pipeline.settings import DATA, OUT, hyperparameters


def main() -> None:
    frame = pd.read_csv(DATA)
    model = build_model(**hyperparameters())
    y = frame.pop("approved")
    model.fit(frame, y)
    joblib.dump(model, OUT)


if __name__ == "__main__":
    main()
