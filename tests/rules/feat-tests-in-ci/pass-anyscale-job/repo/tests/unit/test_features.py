import pandas as pd

from tagger.features import add_clean_text, clean_text


def test_clean_text_drops_urls_and_case():
    assert clean_text("See HTTPS://x.org/a  Now") == "see now"


def test_add_clean_text_handles_missing_description():
    df = pd.DataFrame({"title": ["A Title"], "description": [None]})
    assert add_clean_text(df)["clean"].tolist() == ["a title"]
