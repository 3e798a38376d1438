"""Write the versions of the release's dependencies from their latest GitHub releases."""

import json
import sys
from urllib.request import urlopen


def latest(repo: str) -> str:
    with urlopen(f"https://api.github.com/repos/{repo}/releases/latest") as response:
        return json.load(response)["tag_name"]


if __name__ == "__main__":
    print(json.dumps({repo: latest(repo) for repo in sys.argv[1:]}, indent=2))
