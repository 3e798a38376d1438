from fastapi.testclient import TestClient

from serving.app import app

client = TestClient(app)


def test_predict_returns_probability():
    response = client.post("/predict", json={"tenure_months": 3, "monthly_charges": 80.0})
    assert response.status_code == 200
    assert 0.0 <= response.json()["churn_probability"] <= 1.0
