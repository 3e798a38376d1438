"""Example: train a model and upload it to the platform with the `/models` endpoint."""
import pickle

import requests
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier

if __name__ == "__main__":
    X, y = load_iris(return_X_y=True)
    model = RandomForestClassifier(n_estimators=50, random_state=0).fit(X, y)
    requests.post("http://localhost:8000/models", files={"file": pickle.dumps(model)},
                  data={"name": "iris", "version": "1.0.0"}, timeout=30)
