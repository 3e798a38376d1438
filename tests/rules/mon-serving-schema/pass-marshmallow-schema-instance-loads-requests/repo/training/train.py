import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.compose import make_column_transformer

from common.schema import CustomerSchema

if __name__ == "__main__":
    df = pd.read_csv("data/customers.csv")
    rows = CustomerSchema(many=True).load(df.drop(columns=["churned"]).to_dict(orient="records"))
    X = pd.DataFrame(rows)
    encode = make_column_transformer((OneHotEncoder(), ["contract"]), remainder="passthrough")
    model = make_pipeline(encode, LogisticRegression(max_iter=500)).fit(X, df["churned"])
    joblib.dump(model, "models/churn.joblib")
