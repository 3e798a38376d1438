from google.cloud import aiplatform


def deploy(model_id: str, endpoint_id: str) -> None:
    endpoint = aiplatform.Endpoint(endpoint_id)
    model = aiplatform.Model(model_id)
    model.deploy(endpoint=endpoint, machine_type="n1-standard-2", traffic_percentage=10)
