"""List the checkpoints of a local run directory; --revision filters by the revision recorded in them."""

import argparse
import json
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run_dir")
    parser.add_argument("--revision", default=None, help="only checkpoints trained from this revision")
    args = parser.parse_args()
    for meta in sorted(Path(args.run_dir).glob("*/meta.json")):
        info = json.loads(meta.read_text())
        if args.revision is None or info.get("revision") == args.revision:
            print(meta.parent.name, info.get("revision"))


if __name__ == "__main__":
    main()
