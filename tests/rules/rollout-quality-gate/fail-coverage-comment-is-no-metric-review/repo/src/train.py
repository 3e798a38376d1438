import joblib
from sklearn.datasets import fetch_california_housing
from sklearn.ensemble import RandomForestRegressor

X, y = fetch_california_housing(return_X_y=True)
joblib.dump(RandomForestRegressor(n_estimators=50, random_state=0).fit(X, y), "model.joblib")
