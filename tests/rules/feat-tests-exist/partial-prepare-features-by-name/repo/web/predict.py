import pickle

from flask import Flask, jsonify, request

with open("lin_reg.bin", "rb") as f_in:
    dv, model = pickle.load(f_in)

app = Flask("duration-prediction")


def prepare_features(ride):
    return {"PU_DO": f"{ride['PULocationID']}_{ride['DOLocationID']}", "trip_distance": ride["trip_distance"]}


@app.route("/predict", methods=["POST"])
def predict_endpoint():
    features = prepare_features(request.get_json())
    return jsonify({"duration": float(model.predict(dv.transform(features))[0])})
