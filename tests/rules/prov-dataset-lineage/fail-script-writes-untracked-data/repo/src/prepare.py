import pandas as pd

df = pd.read_sql("select * from customers", "postgresql://warehouse/crm")
df.to_parquet("data/interim/customers.parquet")
