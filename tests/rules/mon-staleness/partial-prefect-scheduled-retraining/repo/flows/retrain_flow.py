from prefect import flow, task


@task
def train_model(data_path: str) -> str:
    import joblib
    import pandas as pd
    from sklearn.ensemble import RandomForestRegressor

    frame = pd.read_parquet(data_path)
    model = RandomForestRegressor(random_state=0).fit(frame.drop(columns="sales"), frame["sales"])
    joblib.dump(model, "models/model.joblib")
    return "models/model.joblib"


@flow
def retrain_flow(data_path: str = "data/latest.parquet") -> str:
    return train_model(data_path)
