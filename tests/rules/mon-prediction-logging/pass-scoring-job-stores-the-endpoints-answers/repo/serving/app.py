import mlflow.pyfunc
import pandas as pd
from flask import Flask, Response, jsonify, request

app = Flask(__name__)
model = mlflow.pyfunc.load_model("/opt/ml/model")


@app.get("/ping")
def ping() -> Response:
    return Response("pong", status=200)


@app.post("/invocations")
def invocations():
    payload = request.get_json(force=True)
    frame = pd.DataFrame(**payload["inputs"]["dataframe_split"])
    return jsonify({"predictions": model.predict(frame).tolist()})
