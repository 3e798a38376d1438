import pandas as pd

from schema import TrainSchema


def test_prepared_training_data_matches_schema():
    df = pd.read_parquet("data/prepared/train.parquet")
    TrainSchema.validate(df, lazy=True)
