import os

from client.scoring import score

ENDPOINT = "https://demand.models.example.org/v1/models/demand:predict"


def test_deployed_model_answers():
    response = score(ENDPOINT, os.environ["SCORING_TOKEN"], [[3.0, 12.5], [6.0, 21.0]])
    assert len(response.json()["predictions"]) == 2
