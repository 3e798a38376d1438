#!/usr/bin/env bash
set -euo pipefail
mkdir -p data/raw
wget -q https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz -O data/raw/imdb.tar.gz
