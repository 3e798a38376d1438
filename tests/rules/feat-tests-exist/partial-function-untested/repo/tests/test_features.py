from churn import features


def test_tenure_bucket_edges():
    assert [features.tenure_bucket(m) for m in (0, 6, 24)] == ["new", "established", "loyal"]
