import sys

import joblib
from sklearn.ensemble import RandomForestClassifier

if __name__ == "__main__":
    X, y = joblib.load(sys.argv[1] + "/train.pkl")
    joblib.dump(RandomForestClassifier(n_estimators=50).fit(X, y), sys.argv[2])
