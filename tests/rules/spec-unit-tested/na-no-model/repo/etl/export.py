import pandas as pd

orders = pd.read_sql("select * from orders", "postgresql://warehouse/sales")
orders.groupby("region")["amount"].sum().to_csv("reports/revenue_by_region.csv")
