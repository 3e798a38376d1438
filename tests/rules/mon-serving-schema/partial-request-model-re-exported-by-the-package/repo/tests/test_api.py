from fastapi.testclient import TestClient

from irisapp import app


def test_rejects_text():
    with TestClient(app) as client:
        assert client.post("/predict", json={"sepal_length": "x"}).status_code == 422
