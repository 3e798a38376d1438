import pandas as pd

from churn_model import ChurnModel

customers = pd.read_parquet("data/customers.parquet")
model = ChurnModel()
model.train(customers)
print("trained on", len(customers), "customers")
