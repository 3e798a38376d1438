#!/bin/sh
set -e
pytest --cov=churn --cov-fail-under="${COV_MIN:-60}" tests
