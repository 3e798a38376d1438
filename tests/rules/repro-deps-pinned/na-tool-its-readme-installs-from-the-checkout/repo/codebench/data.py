import gzip
import json
from typing import Dict, Iterable


def read_problems(path: str = "data/problems.jsonl.gz") -> Dict[str, dict]:
    with gzip.open(path, "rt") as f:
        return {p["task_id"]: p for p in map(json.loads, f)}


def write_jsonl(path: str, rows: Iterable[dict]) -> None:
    with open(path, "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
