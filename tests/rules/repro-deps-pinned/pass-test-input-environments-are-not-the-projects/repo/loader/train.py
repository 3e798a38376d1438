import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression


def main() -> None:
    df = pd.read_csv("data/train.csv")
    model = LogisticRegression(max_iter=500, random_state=0).fit(df.drop(columns="y"), df["y"])
    joblib.dump(model, "model.joblib")


if __name__ == "__main__":
    main()
