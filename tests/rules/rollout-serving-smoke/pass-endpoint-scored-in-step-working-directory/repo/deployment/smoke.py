import argparse

from google.cloud import aiplatform


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    args = parser.parse_args()
    endpoint = aiplatform.Endpoint.list(filter=f"display_name={args.endpoint}")[-1]
    scores = endpoint.predict(instances=[{"tenure": 12, "plan": "monthly"}]).predictions[0]
    assert 0.0 <= scores["churn"] <= 1.0


if __name__ == "__main__":
    main()
