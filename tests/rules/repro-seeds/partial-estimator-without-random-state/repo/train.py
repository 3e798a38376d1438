import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, train_test_split

if __name__ == "__main__":
    df = pd.read_csv("data/train.csv")
    X, y = df.drop(columns=["Survived"]), df["Survived"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=88)
    search = GridSearchCV(RandomForestClassifier(), {"n_estimators": [100, 300], "max_depth": [4, 8]}, cv=5)
    search.fit(X_train, y_train)
    print("held-out accuracy", search.score(X_test, y_test))
    joblib.dump(search.best_estimator_, "model.joblib")
