import joblib
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge

X, y = load_diabetes(return_X_y=True)
joblib.dump(Ridge(alpha=0.5).fit(X, y), "ridge.pkl")
