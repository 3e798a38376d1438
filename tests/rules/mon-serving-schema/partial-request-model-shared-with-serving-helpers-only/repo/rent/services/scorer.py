import joblib

from rent.schemas.request import ListingRequest, to_row


class RentScorer:
    def __init__(self, path: str) -> None:
        self.pipeline = joblib.load(path)

    def score(self, req: ListingRequest) -> float:
        return float(self.pipeline.predict([to_row(req)])[0])
