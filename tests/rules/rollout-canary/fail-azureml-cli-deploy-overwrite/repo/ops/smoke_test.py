import argparse

import requests

parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
args = parser.parse_args()
response = requests.post(args.url, json={"data": [[0.1] * 10]}, timeout=60)
response.raise_for_status()
assert len(response.json()) == 1
