from pyspark.ml import Pipeline
from pyspark.ml.classification import GBTClassifier
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
from pyspark.sql import SparkSession

FEATURES = ["temperature", "humidity", "pressure", "wind_speed"]


def main() -> None:
    spark = SparkSession.builder.appName("rain-model").getOrCreate()
    df = spark.read.parquet("data/features.parquet")
    train_df, test_df = df.randomSplit([0.8, 0.2], seed=42)
    assembler = VectorAssembler(inputCols=FEATURES, outputCol="features")
    gbt = GBTClassifier(labelCol="rain_next_hour", featuresCol="features", seed=42)
    grid = ParamGridBuilder().addGrid(gbt.maxDepth, [3, 5]).addGrid(gbt.maxIter, [20, 50]).build()
    evaluator = BinaryClassificationEvaluator(labelCol="rain_next_hour")
    cv = CrossValidator(estimator=Pipeline(stages=[assembler, gbt]), estimatorParamMaps=grid,
                        evaluator=evaluator, numFolds=3, seed=42)
    cv_model = cv.fit(train_df)
    print("test AUC", evaluator.evaluate(cv_model.transform(test_df)))
    cv_model.bestModel.write().overwrite().save("models/rain")


if __name__ == "__main__":
    main()
