import pandas as pd
import yaml
from sklearn.linear_model import Ridge

if __name__ == "__main__":
    params = yaml.safe_load(open("params.yaml"))["train"]
    train = pd.read_csv("data/train_data.csv")
    model = Ridge(alpha=params["alpha"]).fit(train[["x"]], train["y"])
    print(model.coef_)
