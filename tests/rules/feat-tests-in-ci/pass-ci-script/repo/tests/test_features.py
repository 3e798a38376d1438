def test_placeholder_free():
    assert "tenure".upper() == "TENURE"
