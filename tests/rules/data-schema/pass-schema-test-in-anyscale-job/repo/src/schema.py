import pandera.pandas as pa
from pandera.typing import Series


class TrainSchema(pa.DataFrameModel):
    customer_id: Series[str] = pa.Field(unique=True)
    tenure_months: Series[int] = pa.Field(ge=0, le=600)
    churned: Series[int] = pa.Field(isin=[0, 1])
