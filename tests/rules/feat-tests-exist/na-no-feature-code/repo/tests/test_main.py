from cli.main import parse


def test_parse():
    assert parse(["--name", "x"]).name == "x"
