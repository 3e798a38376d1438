import pandas as pd

from spaceflights.nodes import preprocess_companies


def test_iata_approved_is_boolean():
    out = preprocess_companies(pd.DataFrame({"iata_approved": ["t", "f"]}))
    assert out["iata_approved"].tolist() == [True, False]
