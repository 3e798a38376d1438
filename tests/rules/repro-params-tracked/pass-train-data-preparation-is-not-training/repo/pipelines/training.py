import pandas as pd
from zenml import pipeline, step

from steps.model_trainer import model_trainer
from steps.train_data_scaler import train_data_scaler
from steps.train_data_split import train_data_split


@step
def load_customers() -> pd.DataFrame:
    return pd.read_csv("data/customers.csv")


@pipeline
def training() -> None:
    train, test = train_data_split(load_customers())
    train, test = train_data_scaler(train, test)
    model_trainer(train)
