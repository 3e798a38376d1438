"""KServe transformer: turns raw account records into the model's features before prediction."""

import argparse

import pandas as pd
from kserve import Model, ModelServer

from churn.features import build_features


class ChurnTransformer(Model):
    def __init__(self, name: str, predictor_host: str) -> None:
        super().__init__(name)
        self.predictor_host = predictor_host
        self.ready = True

    def preprocess(self, payload, headers=None):
        features = build_features(pd.DataFrame(payload["instances"]))
        return {"instances": features.to_dict(orient="records")}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--predictor_host", required=True)
    args, _ = parser.parse_known_args()
    ModelServer().start([ChurnTransformer("churn", predictor_host=args.predictor_host)])
