from servekit import Model


def test_model_keeps_its_uri():
    assert Model("iris", "s3://m/1").uri == "s3://m/1"
