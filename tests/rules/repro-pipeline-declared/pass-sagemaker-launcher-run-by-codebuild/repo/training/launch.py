"""Define the demand-forecast training workflow (a SageMaker XGBoost job in a Step Functions state
machine) and start it for the data set the build received."""
import argparse
import json
import os

import sagemaker
from stepfunctions import steps
from stepfunctions.inputs import ExecutionInput
from stepfunctions.workflow import Workflow


def training_step(role: str, bucket: str, data: dict, execution_input: ExecutionInput) -> steps.TrainingStep:
    image = sagemaker.image_uris.retrieve(framework="xgboost", region="eu-west-1", version="1.7-1")
    estimator = sagemaker.estimator.Estimator(image, role, instance_count=1, instance_type="ml.m5.xlarge",
                                              output_path=f"s3://{bucket}/demand/models")
    estimator.set_hyperparameters(max_depth=6, eta=0.1, num_round=300, objective="reg:squarederror", seed=7)
    return steps.TrainingStep("Train", estimator=estimator, job_name=execution_input["JobName"],
                              data={"train": sagemaker.inputs.TrainingInput(data["train"], content_type="text/csv")})


def main(role_arn: str, bucket: str, data_dir: str) -> None:
    with open(os.path.join(data_dir, "inputs.json")) as f:
        data = json.load(f)
    execution_input = ExecutionInput(schema={"JobName": str})
    definition = steps.Chain([training_step(role_arn, bucket, data, execution_input)])
    workflow = Workflow("demand-training", definition, role_arn)
    workflow.create()
    workflow.execute(inputs={"JobName": os.environ["CODEBUILD_BUILD_NUMBER"]})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--role-arn", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    main(args.role_arn, args.bucket, args.data_dir)
