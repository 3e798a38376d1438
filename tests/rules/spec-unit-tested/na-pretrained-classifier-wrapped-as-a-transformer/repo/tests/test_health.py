def test_nothing_to_import():
    assert 1 + 1 == 2
