#!/usr/bin/env bash
set -euo pipefail
python evaluate.py --model facebook/opt-1.3b --prompt "Name a planet."
