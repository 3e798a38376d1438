from service import model


def test_prepare_features():
    service = model.ModelService(None)
    ride = {"PULocationID": 130, "DOLocationID": 205, "trip_distance": 3.66}
    assert service.prepare_features(ride) == {"PU_DO": "130_205", "trip_distance": 3.66}
