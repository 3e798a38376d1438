from kserve import Model, ModelServer

from churn.features import build_features


class ChurnModel(Model):
    def load(self) -> bool:
        import lightgbm as lgb

        self.booster = lgb.Booster(model_file="/mnt/models/churn.txt")
        self.ready = True
        return True

    def predict(self, payload, headers=None):
        import pandas as pd

        features = build_features(pd.DataFrame(payload["instances"]))
        return {"predictions": self.booster.predict(features).tolist()}


if __name__ == "__main__":
    ModelServer().start([ChurnModel("churn")])
