import joblib


def test_model_scores_a_row():
    model = joblib.load("artifacts/model.joblib")
    assert model.predict([[3.2, 1.0]]).shape == (1,)
