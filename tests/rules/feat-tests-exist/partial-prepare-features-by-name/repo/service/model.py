import json
import os

import mlflow


def load_model(run_id):
    return mlflow.pyfunc.load_model(f"s3://{os.environ['MODEL_BUCKET']}/{run_id}/artifacts/model")


class ModelService:
    def __init__(self, model, model_version=None):
        self.model = model
        self.model_version = model_version

    def prepare_features(self, ride):
        return {"PU_DO": f"{ride['PULocationID']}_{ride['DOLocationID']}", "trip_distance": ride["trip_distance"]}

    def predict(self, features):
        return float(self.model.predict(features)[0])

    def handle(self, event):
        ride = json.loads(event["body"])
        return {"duration": self.predict(self.prepare_features(ride)), "version": self.model_version}
