"""Start the demand-forecast training job for the data and code revisions CodePipeline checked out."""
import argparse

import sagemaker
from sagemaker.inputs import TrainingInput


def start_training(role: str, bucket: str, train_uri: str, commit: str, data_version: str) -> None:
    image = sagemaker.image_uris.retrieve(framework="xgboost", region="eu-west-1", version="1.7-1")
    estimator = sagemaker.estimator.Estimator(
        image,
        role,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path=f"s3://{bucket}/demand/models",
    )
    estimator.set_hyperparameters(max_depth=6, eta=0.1, num_round=300, objective="reg:squarederror", seed=7)
    estimator.fit({"train": TrainingInput(train_uri, content_type="text/csv")}, wait=False)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--role-arn", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--train-uri", required=True)
    parser.add_argument("--commit", required=True)
    parser.add_argument("--data-version", required=True)
    a = parser.parse_args()
    start_training(a.role_arn, a.bucket, a.train_uri, a.commit, a.data_version)
