import pandas as pd
import pooch

ZIP = pooch.retrieve("https://zenodo.org/records/1234567/files/churn.zip",
                     known_hash="md5:0f1e2d3c4b5a69788796a5b4c3d2e1f0")
regions = pd.read_csv("https://raw.githubusercontent.com/acme/ref-data/main/regions.csv")
