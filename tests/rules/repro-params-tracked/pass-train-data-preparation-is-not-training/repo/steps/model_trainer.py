import mlflow
import pandas as pd
import yaml
from sklearn.ensemble import GradientBoostingClassifier
from zenml import step


@step
def model_trainer(train: pd.DataFrame, config_path: str = "configs/training.yaml") -> GradientBoostingClassifier:
    with open(config_path) as fh:
        params = yaml.safe_load(fh)["model"]
    mlflow.log_params(params)
    model = GradientBoostingClassifier(**params)
    return model.fit(train.drop(columns="target"), train["target"])
