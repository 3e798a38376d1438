def test_premium_for_a_new_driver(client):
    response = client.post("/v1/predict", json={"age": 19, "years_licensed": 1, "claims_last_5y": 0})
    assert response.status_code == 200
    assert response.json()["annual_premium"] > 0
