import requests


class Model:
    def __init__(self, name: str, uri: str, host: str = "http://localhost:8080"):
        self.name, self.uri, self.host = name, uri, host

    def deploy(self) -> None:
        requests.post(f"{self.host}/v2/repository/models/{self.name}/load", json={"uri": self.uri}, timeout=30)

    def predict(self, rows):
        r = requests.post(f"{self.host}/v2/models/{self.name}/infer", json={"inputs": rows}, timeout=30)
        r.raise_for_status()
        return r.json()["outputs"]
