import argparse
import logging

import requests
from kserve import InferInput, InferRequest, Model, ModelServer, model_server

logger = logging.getLogger(__name__)

FEATURES = ["txn_count_7d", "avg_amount_7d", "account_age_days"]


class FeatureTransformer(Model):
    def __init__(self, name: str, predictor_host: str, feature_server: str) -> None:
        super().__init__(name)
        self.predictor_host = predictor_host
        self.feature_server = feature_server
        self.ready = True

    def build_infer_request(self, rows: list[list[float]]) -> InferRequest:
        tensor = InferInput(name="input-0", shape=[len(rows), len(FEATURES)], datatype="FP64")
        tensor.set_data_from_numpy_list(rows)
        return InferRequest(model_name=self.name, infer_inputs=[tensor])

    def preprocess(self, payload: dict, headers: dict | None = None) -> InferRequest:
        logger.info("payload: %s", payload)
        answer = requests.post(f"{self.feature_server}/get-online-features",
                               json={"features": FEATURES, "entities": {"account_id": payload["accounts"]}},
                               timeout=2)
        rows = [r["values"] for r in answer.json()["results"]]
        output = self.build_infer_request(rows)
        logger.info("output of preprocess: %s", output)
        return output


if __name__ == "__main__":
    parser = argparse.ArgumentParser(parents=[model_server.parser])
    parser.add_argument("--feature_server", required=True)
    args, _ = parser.parse_known_args()
    ModelServer().start([FeatureTransformer(args.model_name, args.predictor_host, args.feature_server)])
