import json
import os

import boto3

ENDPOINT = os.getenv("SAGEMAKER_ENDPOINT_NAME")
runtime = boto3.client("runtime.sagemaker")


def encode(session: str) -> list[list[int]]:
    actions = {"view": [1, 0, 0], "add": [0, 1, 0], "purchase": [0, 0, 1]}
    return [actions.get(a.strip(), [0, 0, 0]) for a in session.split(",")]


def ask_endpoint(payload: str) -> dict:
    response = runtime.invoke_endpoint(EndpointName=ENDPOINT, ContentType="application/json", Body=payload)
    return json.loads(response["Body"].read().decode())


def predict(event, context):
    print("Received event: " + json.dumps(event))
    session = event["queryStringParameters"].get("x", "")
    result = ask_endpoint(json.dumps({"instances": [encode(session)]}))
    print(result)
    return {"statusCode": 200, "body": json.dumps({"prediction": result["predictions"]})}
