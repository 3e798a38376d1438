#!/usr/bin/env bash
# Install mlgate with its test dependencies, then run everything CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
"$PY" -m pytest
"$PY" -m ruff check mlgate tests scripts bench
"$PY" -m mypy --strict mlgate
"$PY" scripts/gen_docs.py --check
