from rarecats import RareLevelEncoder
from rarecats.datasets import load_cities


def test_rare_cities_are_grouped():
    frame = load_cities()[["city"]]
    out = RareLevelEncoder(min_share=0.1).fit(frame).transform(frame)
    assert set(out["city"]) == {"Paris", "Lyon", "__other__"}
