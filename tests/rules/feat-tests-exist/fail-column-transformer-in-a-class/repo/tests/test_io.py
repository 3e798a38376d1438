from churn.io import model_path


def test_model_path_is_under_models():
    assert model_path("/srv").parts[-2:] == ("models", "churn.joblib")
