import urllib.request

URL = "https://example.org/titanic.csv"


def download(dest: str) -> None:
    urllib.request.urlretrieve(URL, dest)
