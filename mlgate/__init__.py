"""mlgate: the ML Test Score as a gate on every pull request."""

import os as _os
import sys as _sys

# `python -m mlgate ...` puts the current directory first on sys.path, and mlgate runs inside the
# repository it analyses: a file of that repository (a hostile random.py, say) must never shadow a
# module that mlgate or the standard library imports later. While -m locates the module, argv[0] is "-m".
if _sys.argv[:1] == ["-m"] and _sys.path and _sys.path[0] in ("", _os.getcwd()):
    del _sys.path[0]

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/mlgate/mlgate"
DOCS_RULES_URL = PROJECT_URL + "/blob/main/docs/rules.md"
ISSUES_URL = PROJECT_URL + "/issues"
