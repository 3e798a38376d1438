"""The on-disk cache a pre-commit hook relies on: it serves only what it was keyed by, never an
invalid configuration, and a cache that cannot be written is simply not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgate import __version__, cache, catalog
from mlgate.config import ConfigError, parse_config

CONFIG = """\
fail-on: warning
rules:
  repro-image-digest: error
waivers:
  - rule: prov-model-card
    paths: ["models/legacy/**"]
    reason: retired model
    expires: 2027-06-30
"""


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLGATE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MLGATE_NO_CACHE", raising=False)
    return tmp_path / "cache"


def test_a_remembered_configuration_is_the_same_configuration(cache_dir: Path) -> None:
    first = parse_config(CONFIG, ".mlgate.yaml")
    assert (cache_dir / "config-doc.json").is_file() and (cache_dir / "valid-configs.json").is_file()
    second = parse_config(CONFIG, ".mlgate.yaml")
    assert second == first
    assert second.waivers[0].line == 5


def test_an_invalid_configuration_is_never_remembered(cache_dir: Path) -> None:
    parse_config(CONFIG, ".mlgate.yaml")
    bad = CONFIG.replace("fail-on: warning", "fail-on: sometimes")
    for _ in range(2):
        with pytest.raises(ConfigError, match=r"\.mlgate\.yaml:1: 'sometimes' is not valid for fail-on"):
            parse_config(bad, ".mlgate.yaml")


def test_cached_configurations_are_keyed_by_the_shipped_catalogue(cache_dir: Path) -> None:
    fingerprint = catalog.catalog_fingerprint()
    assert fingerprint == cache.key(__version__, (catalog.CATALOG_DIR / catalog.COMPILED).read_text())


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MLGATE_CACHE_DIR", str(blocker / "cache"))
    cache.store("x", "k", {"a": 1})
    assert cache.load("x", "k") is None
    assert parse_config(CONFIG, ".mlgate.yaml").fail_on == "warning"


def test_no_cache_switch(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    monkeypatch.setenv("MLGATE_NO_CACHE", "1")
    cache.store("x", "k", 1)
    assert cache.load("x", "k") is None and not cache_dir.exists()
