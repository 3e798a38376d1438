#!/usr/bin/env bash
set -euo pipefail
pip install -e ".[test]"
python -m pytest -q tests/
