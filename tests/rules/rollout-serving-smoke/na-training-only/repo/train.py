import joblib
from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier

if __name__ == "__main__":
    X, y = load_iris(return_X_y=True)
    joblib.dump(DecisionTreeClassifier(max_depth=3).fit(X, y), "model.joblib")
