from pyspark.ml.regression import GBTRegressionModel
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("predict").getOrCreate()
model = GBTRegressionModel.load("s3a://weather/models/latest")
