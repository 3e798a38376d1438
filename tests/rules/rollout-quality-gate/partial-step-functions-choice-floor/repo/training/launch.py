"""Train the demand-forecast model in a Step Functions workflow and stop it when validation RMSE is too high."""
import argparse
import os

import sagemaker
from stepfunctions import steps
from stepfunctions.inputs import ExecutionInput
from stepfunctions.workflow import Workflow


def build(role: str, bucket: str, metrics_function: str, execution_input: ExecutionInput) -> steps.Chain:
    image = sagemaker.image_uris.retrieve(framework="xgboost", region="eu-west-1", version="1.7-1")
    estimator = sagemaker.estimator.Estimator(image, role, instance_count=1, instance_type="ml.m5.xlarge",
                                              output_path=f"s3://{bucket}/demand/models")
    estimator.set_hyperparameters(max_depth=6, eta=0.1, num_round=300, objective="reg:squarederror", seed=7)
    train = steps.TrainingStep("Train", estimator=estimator, job_name=execution_input["JobName"],
                               data={"train": f"s3://{bucket}/demand/train.csv"})
    metrics = steps.compute.LambdaStep("Read metrics", parameters={"FunctionName": metrics_function,
                                                                   "Payload": {"JobName.$": "$.JobName"}},
                                       result_path="$.Metrics")
    good_enough = steps.choice_rule.ChoiceRule.NumericLessThan(variable="$.Metrics.Payload.validation_rmse",
                                                               value=12.5)
    check = steps.states.Choice("RMSE below 12.5")
    check.add_choice(rule=good_enough, next_step=steps.states.Succeed("Model accepted"))
    check.default_choice(next_step=steps.states.Fail("Model rejected", cause="validation RMSE too high"))
    return steps.Chain([train, metrics, check])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--role-arn", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    execution_input = ExecutionInput(schema={"JobName": str})
    workflow = Workflow("demand-training", build(args.role_arn, args.bucket, "read-metrics", execution_input),
                        args.role_arn)
    workflow.create()
    workflow.execute(inputs={"JobName": os.environ["CODEBUILD_BUILD_NUMBER"]})
