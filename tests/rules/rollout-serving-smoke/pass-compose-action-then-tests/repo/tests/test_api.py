import requests


def test_predict_answers_with_a_price():
    response = requests.post("http://localhost:3001/predict", json={"house": {"rooms": 5.0, "age": 30.0}}, timeout=30)
    assert response.status_code == 200
    assert response.json() > 0
