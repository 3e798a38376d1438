import pandas as pd
import yaml
from sklearn.ensemble import GradientBoostingClassifier


def main() -> None:
    params = yaml.safe_load(open("configs/model/gbm.yaml"))["model"]
    params.pop("kind")
    df = pd.read_parquet("data/train.parquet")
    model = GradientBoostingClassifier(**params).fit(df.drop(columns="churned"), df["churned"])
    pd.to_pickle(model, "models/gbm.pkl")


if __name__ == "__main__":
    main()
