"""CDK stack that serves the churn model from the registry on a real-time endpoint."""
import aws_cdk as cdk
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct


class ChurnEndpointStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, package_arn: str, role_arn: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        # a deployment_config argument of the stack is not the endpoint's DeploymentConfig
        deployment_config = {"instance_type": "ml.m5.large"}
        model = sagemaker.CfnModel(
            self,
            "ChurnModel",
            execution_role_arn=role_arn,
            primary_container=sagemaker.CfnModel.ContainerDefinitionProperty(model_package_name=package_arn),
        )
        config = sagemaker.CfnEndpointConfig(
            self,
            "ChurnConfig",
            production_variants=[
                sagemaker.CfnEndpointConfig.ProductionVariantProperty(
                    initial_instance_count=1,
                    initial_variant_weight=1.0,
                    instance_type=deployment_config["instance_type"],
                    model_name=model.attr_model_name,
                    variant_name="AllTraffic",
                )
            ],
        )
        sagemaker.CfnEndpoint(
            self,
            "ChurnEndpoint",
            endpoint_config_name=config.attr_endpoint_config_name,
            endpoint_name="churn-prod",
        )
