from churn.features import tenure_bucket


def test_edges():
    assert [tenure_bucket(m) for m in (0, 6, 24)] == ["new", "established", "loyal"]
