import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from features import add_ratios

if __name__ == "__main__":
    df = pd.read_csv("data/train.csv")
    pre = ColumnTransformer([("num", StandardScaler(), ["income", "debt_ratio"]),
                             ("cat", OneHotEncoder(handle_unknown="ignore"), ["region"])])
    model = Pipeline([("ratios", FunctionTransformer(add_ratios)), ("pre", pre),
                      ("clf", LogisticRegression(max_iter=500))])
    joblib.dump(model.fit(df, df["default"]), "model.joblib")
