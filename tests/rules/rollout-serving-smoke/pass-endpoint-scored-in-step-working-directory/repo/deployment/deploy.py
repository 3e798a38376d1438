import argparse

from google.cloud import aiplatform


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--model", required=True)
    args = parser.parse_args()
    aiplatform.init()
    model = aiplatform.Model.list(filter=f"display_name={args.model}", order_by="update_time")[-1]
    endpoint = aiplatform.Endpoint.create(display_name=args.endpoint)
    endpoint.deploy(model=model, machine_type="n1-standard-2", traffic_percentage=100)


if __name__ == "__main__":
    main()
