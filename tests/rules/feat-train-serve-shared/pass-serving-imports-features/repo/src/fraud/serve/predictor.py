import joblib
import kserve
import pandas as pd

from fraud.features import transaction_features


class FraudModel(kserve.Model):
    def load(self) -> bool:
        self.model = joblib.load("/mnt/models/model.joblib")
        self.ready = True
        return True

    def predict(self, payload: dict, headers: dict | None = None) -> dict:
        frame = transaction_features(pd.DataFrame(payload["instances"]))
        return {"predictions": self.model.predict_proba(frame)[:, 1].tolist()}


if __name__ == "__main__":
    kserve.ModelServer().start([FraudModel("fraud")])
