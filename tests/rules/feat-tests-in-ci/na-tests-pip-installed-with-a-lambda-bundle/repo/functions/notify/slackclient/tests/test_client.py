from slackclient import Client


def test_keeps_token():
    assert Client("x").token == "x"
