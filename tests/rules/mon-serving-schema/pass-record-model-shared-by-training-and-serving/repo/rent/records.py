from pydantic import BaseModel, Field


class Listing(BaseModel):
    surface_m2: float = Field(gt=0)
    rooms: int = Field(ge=1)
    floor: int
    district: str
