from flask import Flask, request

from quotes.pricing import quote_for

app = Flask(__name__)


@app.route("/api/<product>", methods=["POST"])
def quote(product: str) -> dict:
    application = request.get_json()
    prediction = quote_for(product, application)
    return {"product": product, "prediction": round(prediction, 2)}
