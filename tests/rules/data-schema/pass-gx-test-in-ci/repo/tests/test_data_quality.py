import great_expectations as gx
import pandas as pd


def test_training_data_expectations():
    df = pd.read_parquet("data/prepared/train.parquet")
    validator = gx.from_pandas(df)
    assert validator.expect_column_values_to_not_be_null("customer_id").success
    assert validator.expect_column_values_to_be_between("tenure_months", 0, 600).success
