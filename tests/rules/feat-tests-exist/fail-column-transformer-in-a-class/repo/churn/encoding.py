from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["tenure_months", "monthly_charges"]
CATEGORICAL = ["contract", "payment_method"]


class CustomerEncoding:
    """Turns the raw customer table into the matrix the churn model takes."""

    def build(self):
        numeric = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
        categorical = Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                                ("onehot", OneHotEncoder(handle_unknown="ignore"))])
        return ColumnTransformer([("num", numeric, NUMERIC), ("cat", categorical, CATEGORICAL)])
