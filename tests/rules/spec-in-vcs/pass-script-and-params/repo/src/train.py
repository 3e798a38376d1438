import joblib
import pandas as pd
import yaml
from sklearn.ensemble import RandomForestClassifier


def main() -> None:
    params = yaml.safe_load(open("params.yaml"))["train"]
    df = pd.read_csv("data/prepared/train.csv")
    model = RandomForestClassifier(**params).fit(df.drop(columns="churned"), df["churned"])
    joblib.dump(model, "models/model.joblib")


if __name__ == "__main__":
    main()
