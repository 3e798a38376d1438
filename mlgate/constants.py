"""File names and name patterns that several parts of mlgate agree on.

This module imports nothing (not even ``re``): the pre-commit hooks import it at start-up to decide
which files beside the staged ones they need, and the fact modules import it to find those files
in the repository, so the two cannot drift apart.
"""

from __future__ import annotations

# Where GitHub looks for CODEOWNERS, in its order (the first one found is used).
CODEOWNERS_LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")

# Lock files of Python environment managers (a pyproject.toml or requirements file beside one is locked).
LOCK_FILES = ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "conda-lock.yml", "conda-lock.yaml",
              "pixi.lock")
LOCK_FILE_SUFFIXES = (".conda-lock.yml",)  # `conda-lock --lockfile env.conda-lock.yml`

# Provenance sidecars written by `mlgate stamp` (``<artifact><suffix>``).
SIDECAR_SUFFIXES = (".provenance.json", ".provenance.yaml", ".provenance.yml")

# Model cards: a Markdown card (``MODEL_CARD.md``, ``model-card.md``, ``modelcard_v2.md`` ...), a Model Card
# Toolkit JSON card (``model_card.json``), a README.md (a card when it has Hugging Face front matter), an
# MLflow model's MLmodel file. A card covers the artifacts in its folder and below; one at the root or in
# docs/ or doc/ covers every artifact.
MODEL_CARD_MD = r"^model[_-]?card.*\.md$"  # case-insensitive
MODEL_CARD_JSON = r"^model[_-]?card.*\.json$"  # case-insensitive
README_NAME = "readme.md"  # compared case-insensitively
MLFLOW_MODEL_FILE = "MLmodel"
GENERAL_CARD_DIRS = ("", "docs", "doc")
