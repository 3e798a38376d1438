#!/bin/bash
set -euo pipefail
echo "retrain the CNN"
python training/run_experiment.py --model_class=CNN --max_epochs=20
