#!/bin/bash
set -euo pipefail
export PYTHONPATH=$PWD

python -m pytest tests/unit -q
python -m tagger.train --sample "$TAGGER_SAMPLE" --epochs 1
