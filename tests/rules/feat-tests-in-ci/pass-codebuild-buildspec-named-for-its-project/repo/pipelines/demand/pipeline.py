from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.workflow.parameters import ParameterString
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.steps import TrainingStep


def get_pipeline(region: str, role: str, bucket: str = "demand-models") -> Pipeline:
    train_uri = ParameterString(name="TrainData", default_value=f"s3://{bucket}/train/")
    estimator = Estimator(
        image_uri=f"683313688378.dkr.ecr.{region}.amazonaws.com/sagemaker-xgboost:1.7-1",
        role=role,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path=f"s3://{bucket}/models/",
        hyperparameters={"objective": "reg:squarederror", "num_round": 200, "max_depth": 6},
    )
    train = TrainingStep(name="TrainDemand", estimator=estimator,
                         inputs={"train": TrainingInput(s3_data=train_uri, content_type="text/csv")})
    return Pipeline(name="demand-forecast", parameters=[train_uri], steps=[train])
