import requests


def score(endpoint: str, token: str, instances: list) -> requests.Response:
    response = requests.post(endpoint, json={"instances": instances},
                             headers={"Authorization": f"Bearer {token}"}, timeout=30)
    response.raise_for_status()
    return response
