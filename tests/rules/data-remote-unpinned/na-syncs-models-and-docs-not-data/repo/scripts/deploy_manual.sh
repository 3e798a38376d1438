#!/usr/bin/env bash
set -euo pipefail
# promote the model artifacts of the dev bucket to production
aws s3 sync "s3://${MODEL_BUCKET_DEV}/models/${RUN_ID}/artifacts" "s3://${MODEL_BUCKET_PROD}/models/"
