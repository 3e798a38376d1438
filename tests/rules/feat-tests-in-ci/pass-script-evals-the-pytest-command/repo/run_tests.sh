#!/usr/bin/env bash
# no `set -e`: the lint report below is printed even when a test fails
export PYTHONWARNINGS="ignore::DeprecationWarning"
command="python3 -m pytest --cov=churn tests"
eval "$command"
flake8 --max-line-length=120 src
