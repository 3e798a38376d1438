"""CDK stack: hourly Model Monitor data-quality checks of the price model's endpoint, with a drift alarm."""
import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct


class PriceMonitoringStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, endpoint_name: str, config_name: str, role_arn: str,
                 baseline_uri: str, reports_uri: str, analyzer_image: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        endpoint = sagemaker.CfnEndpoint(self, "PriceEndpoint", endpoint_config_name=config_name,
                                         endpoint_name=endpoint_name)
        schedule = sagemaker.CfnMonitoringSchedule(
            self,
            "PriceDataQuality",
            monitoring_schedule_name=f"{endpoint_name}-data-quality",
            endpoint_name=endpoint_name,
            monitoring_schedule_config=sagemaker.CfnMonitoringSchedule.MonitoringScheduleConfigProperty(
                monitoring_job_definition=sagemaker.CfnMonitoringSchedule.MonitoringJobDefinitionProperty(
                    baseline_config=sagemaker.CfnMonitoringSchedule.BaselineConfigProperty(
                        constraints_resource=sagemaker.CfnMonitoringSchedule.ConstraintsResourceProperty(
                            s3_uri=f"{baseline_uri}/constraints.json"),
                    ),
                    monitoring_app_specification=sagemaker.CfnMonitoringSchedule.MonitoringAppSpecificationProperty(
                        image_uri=analyzer_image),
                    monitoring_inputs=[sagemaker.CfnMonitoringSchedule.MonitoringInputProperty(
                        endpoint_input=sagemaker.CfnMonitoringSchedule.EndpointInputProperty(
                            endpoint_name=endpoint_name, local_path="/opt/ml/processing/input"))],
                    monitoring_output_config=sagemaker.CfnMonitoringSchedule.MonitoringOutputConfigProperty(
                        monitoring_outputs=[sagemaker.CfnMonitoringSchedule.MonitoringOutputProperty(
                            s3_output=sagemaker.CfnMonitoringSchedule.S3OutputProperty(
                                local_path="/opt/ml/processing/output", s3_uri=reports_uri))]),
                    monitoring_resources=sagemaker.CfnMonitoringSchedule.MonitoringResourcesProperty(
                        cluster_config=sagemaker.CfnMonitoringSchedule.ClusterConfigProperty(
                            instance_count=1, instance_type="ml.m5.large", volume_size_in_gb=20)),
                    role_arn=role_arn,
                ),
                schedule_config=sagemaker.CfnMonitoringSchedule.ScheduleConfigProperty(
                    schedule_expression="cron(0 * ? * * *)"),
            ),
        )
        schedule.add_depends_on(endpoint)
        cloudwatch.CfnAlarm(
            self,
            "PriceDriftAlarm",
            metric_name="feature_baseline_drift_sqft",
            namespace="aws/sagemaker/Endpoints/data-metrics",
            threshold=0.2,
            evaluation_periods=1,
            comparison_operator="GreaterThanThreshold",
        )
