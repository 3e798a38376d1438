import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression

from churn.features import charge_per_month

if __name__ == "__main__":
    df = pd.read_parquet("data/train.parquet")
    X = pd.DataFrame({"cpm": charge_per_month(df)})
    joblib.dump(LogisticRegression().fit(X, df["churned"]), "model.joblib")
