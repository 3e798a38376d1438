#!/usr/bin/env bash
papermill notebooks/01-prepare.ipynb out/01.ipynb
papermill notebooks/02-train.ipynb out/02.ipynb
