import pandas as pd
from zenml import step


@step
def train_data_split(frame: pd.DataFrame, test_share: float = 0.2) -> tuple[pd.DataFrame, pd.DataFrame]:
    shuffled = frame.sample(frac=1.0, random_state=17)
    cut = int(len(shuffled) * (1 - test_share))
    return shuffled.iloc[:cut], shuffled.iloc[cut:]


if __name__ == "__main__":
    print(train_data_split.__doc__)
