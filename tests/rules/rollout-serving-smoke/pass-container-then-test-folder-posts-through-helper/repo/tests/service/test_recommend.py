from recsys.testing import ask


def test_the_service_recommends_k_items():
    assert len(ask([0.1, 0.4, 0.0, 0.9], k=3)["items"]) == 3
