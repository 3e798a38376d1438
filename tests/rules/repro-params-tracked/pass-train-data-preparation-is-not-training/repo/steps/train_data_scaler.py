import pandas as pd
from sklearn.preprocessing import StandardScaler
from zenml import step


@step
def train_data_scaler(train: pd.DataFrame, test: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    numeric = train.select_dtypes("number").columns
    scaler = StandardScaler()
    train = train.assign(**dict(zip(numeric, scaler.fit_transform(train[numeric]).T)))
    test = test.assign(**dict(zip(numeric, scaler.transform(test[numeric]).T)))
    return train, test
