import os

from google.cloud import aiplatform as vertex_ai


def test_endpoint_answers():
    vertex_ai.init(project=os.environ["PROJECT"], location=os.environ["REGION"])
    endpoint = vertex_ai.Endpoint.list(filter=f"display_name={os.environ['ENDPOINT']}")[-1]
    prediction = endpoint.predict([{"trip_miles": 3.2, "payment_type": "Cash"}]).predictions[0]
    assert set(prediction) >= {"classes", "scores"}
