import boto3

sm = boto3.client("sagemaker")


def shadow_test(prod_model: str, candidate: str) -> None:
    sm.create_endpoint_config(
        EndpointConfigName=f"fraud-shadow-{candidate}",
        ProductionVariants=[{"VariantName": "prod", "ModelName": prod_model, "InstanceType": "ml.m5.large",
                             "InitialInstanceCount": 2, "InitialVariantWeight": 1.0}],
        ShadowProductionVariants=[{"VariantName": "shadow", "ModelName": candidate,
                                   "InstanceType": "ml.m5.large", "InitialInstanceCount": 1,
                                   "InitialVariantWeight": 0.5}],
    )
