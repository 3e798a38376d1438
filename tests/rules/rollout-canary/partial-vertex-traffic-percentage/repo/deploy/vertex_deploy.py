from google.cloud import aiplatform

aiplatform.init(project="acme-ml", location="europe-west4")


def roll_out(model_id: str) -> None:
    endpoint = aiplatform.Endpoint("projects/acme-ml/locations/europe-west4/endpoints/4242")
    model = aiplatform.Model(model_id)
    endpoint.deploy(model=model, machine_type="n1-standard-4", traffic_percentage=10)
