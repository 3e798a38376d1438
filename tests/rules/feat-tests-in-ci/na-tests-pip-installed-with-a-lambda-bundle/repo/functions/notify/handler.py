import json
import os

from slackclient import Client


def lambda_handler(event, context):
    detail = event.get("detail", {})
    status = detail.get("currentModelPackageStatus", "unknown")
    Client(os.environ["SLACK_TOKEN"]).post("#ml-releases", f"model package is now {status}")
    return {"statusCode": 200, "body": json.dumps({"status": status})}
