"""mlgate: the ML Test Score as a gate on every pull request."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/mlgate/mlgate"
DOCS_RULES_URL = PROJECT_URL + "/blob/main/docs/rules.md"
