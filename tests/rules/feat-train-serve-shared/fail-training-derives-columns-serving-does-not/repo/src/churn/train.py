import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["tenure_months", "monthly_charges", "tenure_years", "charges_per_month", "support_calls_rate"]
CATEGORICAL = ["contract", "is_senior", "has_family"]


def main() -> None:
    df = pd.read_csv("data/customers.csv")
    df["churned"] = (df["churn"] == "Yes").astype(int)
    df["total_charges"] = pd.to_numeric(df["total_charges"], errors="coerce")
    df["tenure_years"] = df["tenure_months"] / 12
    df["charges_per_month"] = df["total_charges"] / df["tenure_months"].clip(lower=1)
    df["support_calls_rate"] = df["support_calls"] / df["tenure_months"].clip(lower=1)
    df["is_senior"] = (df["age"] >= 65).astype(int)
    df["has_family"] = (df["partner"] | df["dependents"]).astype(int)
    pre = ColumnTransformer([("num", StandardScaler(), NUMERIC),
                             ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL)])
    model = Pipeline([("pre", pre), ("clf", HistGradientBoostingClassifier(random_state=0))])
    model.fit(df[NUMERIC + CATEGORICAL], df["churned"])
    joblib.dump(model, "models/churn.joblib")


if __name__ == "__main__":
    main()
