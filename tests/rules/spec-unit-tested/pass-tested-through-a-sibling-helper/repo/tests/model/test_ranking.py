import helpers


def test_every_row_is_ranked_once():
    order = helpers.ranked([[0.1, 0.2], [0.3, 0.1], [0.5, 0.5]])
    assert sorted(order) == [0, 1, 2]
