"""mlgate: the ML Test Score as a gate on every pull request."""

import os as _os
import sys as _sys

# `python -m mlgate ...` puts the current directory first on sys.path, and mlgate runs inside the
# repository it analyses: a file of that repository (a hostile random.py, say) must never shadow a
# module that mlgate or the standard library imports later. While -m locates the module, argv[0] is "-m".
if _sys.argv[:1] == ["-m"] and _sys.path and _sys.path[0] in ("", _os.getcwd()):
    del _sys.path[0]


def _inspect_on_first_use() -> None:
    """Run ``inspect`` when something first reads one of its names, not when ``dataclasses`` imports it.

    On Python 3.11 ``dataclasses`` uses ``inspect`` for one thing only, the signature docstring of a class
    without one, which mlgate.records writes on first read; ``inspect`` and what it imports (``dis``,
    ``tokenize``, ``linecache``...) were ~40 million instructions of every hook's start-up (~10%), for a
    module no hook uses. Python 3.12+ reads every class's annotations through it: there it is imported as
    usual, as it is when something imported it already. ``sys.modules`` holds the module object the import
    system made for it, with its spec (so ``import inspect`` finds it complete); a PEP 562 ``__getattr__``
    runs the module's code in it on the first read of a name (``importlib.util.LazyLoader`` would run it at
    once: ``import`` reads ``__spec__``)."""
    if _sys.version_info >= (3, 12) or "inspect" in _sys.modules:
        return
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("inspect")
    if spec is None or spec.loader is None:  # pragma: no cover - a Python without its standard library
        return
    from importlib._bootstrap import module_from_spec  # importlib.util's, without importing importlib.util

    module = module_from_spec(spec)
    loader = spec.loader

    def __getattr__(name: str) -> object:  # the module's own (PEP 562)
        del module.__dict__["__getattr__"]
        loader.exec_module(module)
        return getattr(module, name)

    module.__dict__["__getattr__"] = __getattr__
    _sys.modules["inspect"] = module


_inspect_on_first_use()  # before any module of mlgate imports dataclasses

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/mlgate/mlgate"
DOCS_RULES_URL = PROJECT_URL + "/blob/main/docs/rules.md"
ISSUES_URL = PROJECT_URL + "/issues"
