from shop.features import basket_size


def test_basket_size_ignores_empty():
    assert basket_size(["a", "", None, "b"]) == 2
