import pandas as pd

table = pd.read_csv("dependency_licences.csv")
copyleft = table[table["License"].str.contains("GPL", na=False)]
copyleft.to_markdown("THIRD_PARTY_LICENSES.md", index=False)
