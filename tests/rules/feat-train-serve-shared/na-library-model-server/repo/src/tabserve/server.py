import joblib
import pandas as pd
from fastapi import FastAPI


def build_app(model_path: str) -> FastAPI:
    app = FastAPI()
    model = joblib.load(model_path)

    @app.post("/predict")
    def predict(rows: list[dict]) -> dict:
        frame = pd.DataFrame(rows)
        return {"predictions": model.predict(frame).tolist()}

    return app
