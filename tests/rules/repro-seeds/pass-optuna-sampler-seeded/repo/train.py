import joblib
import optuna
from sklearn.datasets import fetch_california_housing
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import cross_val_score, train_test_split


def objective(trial, X, y):
    model = RandomForestRegressor(n_estimators=trial.suggest_int("n_estimators", 50, 300),
                                  max_depth=trial.suggest_int("max_depth", 3, 20), random_state=42)
    return -cross_val_score(model, X, y, cv=3, scoring="neg_mean_squared_error").mean()


if __name__ == "__main__":
    X, y = fetch_california_housing(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=42))
    study.optimize(lambda t: objective(t, X_train, y_train), n_trials=20)
    model = RandomForestRegressor(**study.best_params, random_state=42).fit(X_train, y_train)
    joblib.dump(model, "model.joblib")
