from sklearn.ensemble import ExtraTreesRegressor
from sklearn.linear_model import Ridge

from src.helpers import fit_and_score, save


class PriceModelTrainer:
    def __init__(self, model_path="models/price.pkl"):
        self.model_path = model_path

    def run(self, X_train, y_train, X_valid, y_valid):
        candidates = {
            "ridge": Ridge(alpha=1.0),
            "extra_trees": ExtraTreesRegressor(n_estimators=200),
        }
        errors = fit_and_score(candidates, X_train, y_train, X_valid, y_valid)
        best = min(errors, key=errors.get)
        save(candidates[best], self.model_path)
        return errors[best]
