import boto3
import pandas as pd
import pooch

RAW = pooch.retrieve(url="https://storage.googleapis.com/acme-public/churn/train-2024-05.csv",
                     known_hash="sha256:7bdac5f4db97dbdadc7f4961429af7421f9d4531d0c8bf7abd93d5b65b2cd46c")
lookup = pd.read_csv("https://raw.githubusercontent.com/acme/ref-data/8f2c1e0b9a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b/regions.csv")
s3 = boto3.client("s3")
s3.download_file("acme-ml-data", "churn/events.parquet", "data/events.parquet",
                 ExtraArgs={"VersionId": "3HL4kqtJvjVBH40Nrjfkd"})
