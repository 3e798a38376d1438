import json


def test_config_is_json():
    assert json.loads('{"horizon": 24}')["horizon"] == 24
