import base64
import json

from google.cloud import aiplatform


def cf_handler(event, context):
    """Cloud Function: submit the training pipeline named in the Pub/Sub message."""
    payload = json.loads(base64.b64decode(event["data"]).decode("utf-8"))
    job = aiplatform.PipelineJob(display_name=payload["name"], template_path=payload["template"])
    job.submit()
