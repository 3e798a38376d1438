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

}
