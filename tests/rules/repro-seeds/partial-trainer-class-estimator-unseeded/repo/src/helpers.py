import pickle

from sklearn.metrics import mean_absolute_error


def fit_and_score(candidates, X_train, y_train, X_valid, y_valid):
    """Fit every candidate estimator and return its validation error."""
    errors = {}
    for name, estimator in candidates.items():
        estimator.fit(X_train, y_train)
        errors[name] = mean_absolute_error(y_valid, estimator.predict(X_valid))
    return errors


def save(obj, path):
    with open(path, "wb") as handle:
        pickle.dump(obj, handle)
