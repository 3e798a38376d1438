from google.cloud import aiplatform


def roll_out(model_id: str) -> None:
    endpoint = aiplatform.Endpoint("projects/acme-ml/locations/europe-west4/endpoints/4242")
    model = aiplatform.Model(model_id)
    model.deploy(endpoint=endpoint, machine_type="n1-standard-4", traffic_split={"0": 100})
