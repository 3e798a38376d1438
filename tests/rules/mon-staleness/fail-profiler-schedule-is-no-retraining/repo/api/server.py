import torch
from flask import Flask, jsonify, request

app = Flask(__name__)
recognizer = torch.jit.load("artifacts/recognizer.pt")


@app.route("/recognize", methods=["POST"])
def recognize():
    pixels = torch.tensor(request.get_json()["pixels"], dtype=torch.float32)
    return jsonify({"text_ids": recognizer(pixels.unsqueeze(0))[0].tolist()})
