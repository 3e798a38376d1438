import base64
import json
import os

import mlflow

RUN_ID = os.environ["RUN_ID"]
model = mlflow.pyfunc.load_model(f"s3://{os.environ['MODEL_BUCKET']}/1/{RUN_ID}/artifacts/model")


def lambda_handler(event, context):
    predictions = []
    for record in event["Records"]:
        ride = json.loads(base64.b64decode(record["kinesis"]["data"]))
        duration = model.predict([ride["features"]])[0]
        predictions.append({"ride_id": ride["ride_id"], "duration": float(duration), "model_version": RUN_ID})
    return {"predictions": predictions}
