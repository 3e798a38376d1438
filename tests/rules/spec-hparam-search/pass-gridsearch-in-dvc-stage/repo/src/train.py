import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import GridSearchCV

df = pd.read_csv("data/prepared/train.csv")
search = GridSearchCV(
    GradientBoostingClassifier(random_state=0),
    param_grid={"n_estimators": [200, 400], "max_depth": [2, 3, 4], "learning_rate": [0.03, 0.1]},
    scoring="roc_auc",
    cv=5,
)
search.fit(df.drop(columns="churned"), df["churned"])
joblib.dump(search.best_estimator_, "models/model.joblib")
