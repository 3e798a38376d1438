"""CDK stack: the ranking model's endpoint captures requests and responses for later analysis."""
import aws_cdk as cdk
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct


class RankingEndpointStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, model_name: str, capture_uri: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        config = sagemaker.CfnEndpointConfig(
            self,
            "RankingConfig",
            production_variants=[sagemaker.CfnEndpointConfig.ProductionVariantProperty(
                initial_instance_count=2, instance_type="ml.c5.xlarge", model_name=model_name,
                variant_name="AllTraffic")],
        )
        config.data_capture_config = sagemaker.CfnEndpointConfig.DataCaptureConfigProperty(
            enable_capture=True,
            destination_s3_uri=capture_uri,
            initial_sampling_percentage=100,
            capture_options=[
                sagemaker.CfnEndpointConfig.CaptureOptionProperty(capture_mode="Input"),
                sagemaker.CfnEndpointConfig.CaptureOptionProperty(capture_mode="Output"),
            ],
        )
        sagemaker.CfnEndpoint(self, "RankingEndpoint", endpoint_config_name=config.attr_endpoint_config_name)
