from kserve import Model, ModelServer


class ChurnPredictor(Model):
    def load(self) -> bool:
        import lightgbm as lgb

        self.booster = lgb.Booster(model_file="/mnt/models/churn.txt")
        self.ready = True
        return True

    def predict(self, payload, headers=None):
        return {"predictions": self.booster.predict(payload["instances"]).tolist()}


if __name__ == "__main__":
    ModelServer().start([ChurnPredictor("churn")])
