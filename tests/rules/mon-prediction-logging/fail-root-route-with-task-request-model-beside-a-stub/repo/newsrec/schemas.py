from pydantic import BaseModel


class RecommendationRequest(BaseModel):
    candidates: list[str]
    clicked: list[str]
    num_recs: int = 10


class RecommendationResponse(BaseModel):
    recommendations: list[str]
