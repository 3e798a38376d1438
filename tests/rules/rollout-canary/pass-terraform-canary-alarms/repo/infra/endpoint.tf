resource "aws_sagemaker_endpoint_configuration" "churn" {
  name = "churn-config"

  production_variants {
    variant_name           = "AllTraffic"
    model_name             = aws_sagemaker_model.churn.name
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://acme-capture/churn"
    capture_options {
      capture_mode = "Input"
    }
    capture_options {
      capture_mode = "Output"
    }
  }
}

resource "aws_sagemaker_endpoint" "churn" {
  name                 = "churn"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.churn.name

  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "CANARY"
        wait_interval_in_seconds = 600
        canary_size {
          type  = "CAPACITY_PERCENT"
          value = 10
        }
      }
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = aws_cloudwatch_metric_alarm.churn_5xx.alarm_name
      }
    }
  }
}
