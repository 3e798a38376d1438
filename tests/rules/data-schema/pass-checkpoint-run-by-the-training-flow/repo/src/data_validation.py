"""Validate the prepared sessions against the Great Expectations suite before training."""

import great_expectations as ge
import pandas as pd


def validate_data(paths: dict) -> None:
    context = ge.data_context.DataContext()
    for name, path in paths.items():
        frame = pd.read_parquet(path)
        result = context.run_checkpoint(
            checkpoint_name="sessions_checkpoint",
            batch_request={"datasource_name": "runtime", "data_asset_name": name},
            runtime_parameters={"batch_data": frame},
        )
        if not result["success"]:
            raise ValueError(f"{name} failed validation")
