import boto3

sm = boto3.client("sagemaker")


def canary(champion: str, challenger: str) -> None:
    sm.create_endpoint_config(
        EndpointConfigName=f"fraud-{challenger}",
        ProductionVariants=[
            {"VariantName": "champion", "ModelName": champion, "InstanceType": "ml.m5.large",
             "InitialInstanceCount": 2, "InitialVariantWeight": 0.9},
            {"VariantName": "challenger", "ModelName": challenger, "InstanceType": "ml.m5.large",
             "InitialInstanceCount": 1, "InitialVariantWeight": 0.1},
        ],
    )
