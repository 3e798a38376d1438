"""The V2 inference protocol's messages, as pydantic models."""

from typing import List, Optional

from pydantic import BaseModel


class MetadataTensor(BaseModel):
    name: str
    datatype: str
    shape: List[int]


class InferenceTensor(BaseModel):
    name: str
    shape: List[int]
    datatype: str
    data: list
    parameters: Optional[dict] = None
