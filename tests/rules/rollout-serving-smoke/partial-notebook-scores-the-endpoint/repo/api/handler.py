import json
import os

import boto3

runtime = boto3.client("sagemaker-runtime")


def lambda_handler(event, context):
    response = runtime.invoke_endpoint(
        EndpointName=os.environ["ENDPOINT_NAME"],
        ContentType="text/csv",
        Body=event["body"],
    )
    prediction = response["Body"].read().decode("utf-8")
    return {"statusCode": 200, "body": json.dumps({"predicted_fare": float(prediction)})}
