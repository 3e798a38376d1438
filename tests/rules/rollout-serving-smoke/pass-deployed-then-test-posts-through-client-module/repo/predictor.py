import os

import joblib
import numpy as np
from kserve import Model, ModelServer


class DemandModel(Model):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.model = None
        self.ready = False

    def load(self) -> None:
        self.model = joblib.load(os.environ.get("MODEL_FILE", "/mnt/models/demand.joblib"))
        self.ready = True

    def predict(self, payload: dict, headers: dict | None = None) -> dict:
        rows = np.asarray(payload["instances"], dtype=float)
        return {"predictions": self.model.predict(rows).tolist()}


if __name__ == "__main__":
    model = DemandModel("demand")
    model.load()
    ModelServer().start([model])
