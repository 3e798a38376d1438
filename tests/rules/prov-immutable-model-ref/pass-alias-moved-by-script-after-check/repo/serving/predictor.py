import mlflow
import pandas as pd

model = mlflow.pyfunc.load_model("models:/churn-clf@champion")


def predict(rows: list[dict]) -> list[float]:
    return model.predict(pd.DataFrame(rows)).tolist()
