import pandas as pd

pd.read_csv('data/sales.csv').describe().to_markdown('report.md')
