from pydantic import BaseModel, Field


class ListingRequest(BaseModel):
    surface_m2: float = Field(gt=0)
    rooms: int = Field(ge=1)
    floor: int
    district: str


def to_row(req: ListingRequest) -> list:
    return [req.surface_m2, req.rooms, req.floor, req.district]
