from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput


def train(role: str, image_uri: str, bucket: str) -> Estimator:
    est = Estimator(image_uri=image_uri, role=role, instance_count=1, instance_type="ml.m5.xlarge",
                    output_path=f"s3://{bucket}/models")
    est.set_hyperparameters(epochs=20, learning_rate=0.001)
    est.fit({"train": TrainingInput(f"s3://{bucket}/train/")})
    return est
