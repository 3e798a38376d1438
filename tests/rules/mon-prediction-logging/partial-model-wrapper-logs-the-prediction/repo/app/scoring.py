import logging

import joblib
import numpy as np

log = logging.getLogger(__name__)


class PriceModel:
    def __init__(self, path: str) -> None:
        self.model = joblib.load(path)

    def predict(self, features: list[float]) -> float:
        row = np.asarray(features).reshape(1, -1)
        price = float(self.model.predict(row)[0])
        log.info("predicted price %.2f", price)
        return price
