from typing import List

from pydantic import BaseModel, Field


class Detection(BaseModel):
    label: str
    score: float
    box: List[float] = Field(..., description="x1, y1, x2, y2")


class DetectionsOut(BaseModel):
    detections: List[Detection]
    elapsed_ms: float
