"""Check that the package imports without its optional dependencies (run in CI)."""
import importlib

importlib.import_module("hubkit")
