import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from churn.encoding import CustomerEncoding


def main() -> None:
    frame = pd.read_csv("data/customers.csv")
    model = Pipeline([("encode", CustomerEncoding().build()), ("clf", LogisticRegression(max_iter=500))])
    model.fit(frame.drop(columns="churned"), frame["churned"])
    joblib.dump(model, "models/churn.joblib")


if __name__ == "__main__":
    main()
