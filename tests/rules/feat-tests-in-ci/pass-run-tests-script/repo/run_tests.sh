#!/usr/bin/env bash
set -euo pipefail
# the unit tests, with the markers CI uses
MARKERS="not slow"
python -m pytest -m "$MARKERS" tests
