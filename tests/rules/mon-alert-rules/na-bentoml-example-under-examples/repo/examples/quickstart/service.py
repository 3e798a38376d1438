import bentoml
import numpy as np


@bentoml.service(resources={"cpu": "1"})
class IrisClassifier:
    model = bentoml.models.BentoModel("iris_clf:latest")

    def __init__(self) -> None:
        self.clf = bentoml.sklearn.load_model(self.model)

    @bentoml.api
    def classify(self, features: np.ndarray) -> np.ndarray:
        return self.clf.predict(features)
