import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

if __name__ == "__main__":
    df = pd.read_csv("/opt/ml/input/data/train/train.csv")
    model = GradientBoostingClassifier(random_state=7).fit(df.drop(columns="label"), df["label"])
    joblib.dump(model, "/opt/ml/model/model.joblib")
