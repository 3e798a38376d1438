from pyspark.ml.feature import VectorAssembler
from pyspark.ml.regression import GBTRegressor
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("train").getOrCreate()
df = spark.read.parquet("s3a://weather/features/")
assembler = VectorAssembler(inputCols=["temp", "humidity", "pressure"], outputCol="features")
model = GBTRegressor(labelCol="temp_next_hour", seed=7).fit(assembler.transform(df))
model.write().overwrite().save("s3a://weather/models/latest")
