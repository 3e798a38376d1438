import sys

import boto3

sm = boto3.client("sagemaker")


def deploy(model_name: str) -> None:
    config = f"{model_name}-config"
    sm.create_endpoint_config(
        EndpointConfigName=config,
        ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": model_name,
                             "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}],
    )
    sm.update_endpoint(EndpointName="fraud", EndpointConfigName=config)


if __name__ == "__main__":
    deploy(sys.argv[1])
