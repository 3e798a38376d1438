import joblib
import pandas as pd
from fluent import sender
from flask import Flask, request

app = Flask(__name__)
model = joblib.load("artifacts/demand_model.joblib")
events = sender.FluentSender("demand", host="fluentd", port=24224)


@app.route("/forecast", methods=["POST"])
def forecast() -> dict:
    body = request.json
    units = float(model.predict(pd.DataFrame([body]))[0])
    record = dict(body)
    record["predicted_units"] = units
    events.emit("prediction", record)
    return {"predicted_units": units}
