"""Dataframe schemas."""

import pandas as pd
import pandera as pa
import pandera.typing as papd


class Schema(pa.DataFrameModel):
    """Base schema: strict columns, coerced types."""

    class Config:
        coerce = True
        strict = True

    @classmethod
    def check(cls, data: pd.DataFrame) -> papd.DataFrame:
        """Validate a dataframe against the schema."""
        return cls.validate(data)


class InputsSchema(Schema):
    tenure_months: papd.Series[int] = pa.Field(ge=0)
    monthly_charges: papd.Series[float] = pa.Field(ge=0)


class TargetsSchema(Schema):
    churned: papd.Series[int] = pa.Field(isin=[0, 1])
