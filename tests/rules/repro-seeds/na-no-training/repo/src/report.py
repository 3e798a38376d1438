import pandas as pd

print(pd.read_csv('metrics.csv').describe())
