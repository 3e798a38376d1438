from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split


def train_model(df):
    X_train, X_test, y_train, y_test = train_test_split(df.drop(columns=["churned"]), df["churned"],
                                                        random_state=7)
    model = RandomForestClassifier(n_estimators=300, random_state=7)
    model.fit(X_train, y_train)
    print("accuracy", model.score(X_test, y_test))
    return model
