import argparse

from pyspark.ml import Pipeline
from pyspark.ml.feature import MinMaxScaler, StringIndexer, VectorAssembler
from pyspark.sql import DataFrame, SparkSession


def scale_col(df: DataFrame, col_name: str) -> DataFrame:
    assembler = VectorAssembler(inputCols=[col_name], outputCol=f"{col_name}_vec")
    scaler = MinMaxScaler(inputCol=f"{col_name}_vec", outputCol=f"{col_name}_scaled")
    pipeline = Pipeline(stages=[assembler, scaler])
    return pipeline.fit(df).transform(df).drop(f"{col_name}_vec", col_name)


def encode_col(df: DataFrame, col_name: str) -> DataFrame:
    indexer = StringIndexer(inputCol=col_name, outputCol=f"{col_name}_idx")
    return indexer.fit(df).transform(df).drop(col_name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    args = parser.parse_args()
    spark = SparkSession.builder.appName("ingest-orders").getOrCreate()
    orders = spark.read.csv(args.input, header=True, inferSchema=True)
    orders = encode_col(scale_col(orders, "purchase_amount"), "customer_segment")
    orders.write.mode("overwrite").parquet("s3://acme-features/orders/")
