"""CDK stack: the fraud model's endpoint shifts 10% of traffic first and rolls back on its alarms."""
import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct


class FraudEndpointStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, config_name: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        errors = cloudwatch.CfnAlarm(
            self,
            "Invocation5xx",
            alarm_name="fraud-endpoint-5xx",
            metric_name="Invocation5XXErrors",
            namespace="AWS/SageMaker",
            threshold=1,
            evaluation_periods=1,
            comparison_operator="GreaterThanOrEqualToThreshold",
        )
        sagemaker.CfnEndpoint(
            self,
            "FraudEndpoint",
            endpoint_config_name=config_name,
            deployment_config=sagemaker.CfnEndpoint.DeploymentConfigProperty(
                blue_green_update_policy=sagemaker.CfnEndpoint.BlueGreenUpdatePolicyProperty(
                    traffic_routing_configuration=sagemaker.CfnEndpoint.TrafficRoutingConfigProperty(
                        type="CANARY",
                        canary_size=sagemaker.CfnEndpoint.CapacitySizeProperty(type="CAPACITY_PERCENT", value=10),
                        wait_interval_in_seconds=600,
                    ),
                ),
                auto_rollback_configuration=sagemaker.CfnEndpoint.AutoRollbackConfigProperty(
                    alarms=[sagemaker.CfnEndpoint.AlarmProperty(alarm_name=errors.alarm_name)],
                ),
            ),
        )
