import argparse
import json

from google.cloud import aiplatform as vertex_ai

SERVING_SPEC = "build/serving_spec.json"


def deploy(project: str, region: str, endpoint_name: str, model_name: str, serving_spec: dict) -> None:
    vertex_ai.init(project=project, location=region)
    model = vertex_ai.Model.list(filter=f"display_name={model_name}", order_by="update_time")[-1]
    endpoints = vertex_ai.Endpoint.list(filter=f"display_name={endpoint_name}")
    endpoint = endpoints[-1] if endpoints else vertex_ai.Endpoint.create(endpoint_name)
    print(f"deploying {model.resource_name} with {serving_spec}")
    print(f"to {endpoint.resource_name}")
    print("this replaces whatever the endpoint served")
    # the spec's keys are deploy()'s keywords
    deployed = None
    if model is not None:
        deployed = endpoint.deploy(model=model, **serving_spec)
    print(deployed)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    for flag in ("--project", "--region", "--endpoint", "--model"):
        parser.add_argument(flag, required=True)
    args = parser.parse_args()
    with open(SERVING_SPEC) as fh:
        spec = json.load(fh)
    deploy(args.project, args.region, args.endpoint, args.model, spec)
