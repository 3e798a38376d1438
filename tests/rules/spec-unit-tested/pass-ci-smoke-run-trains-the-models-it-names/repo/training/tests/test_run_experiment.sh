#!/bin/bash
set -euo pipefail
echo "one epoch of the CNN on random data"
python training/run_experiment.py --model_class=CNN --max_epochs=1
