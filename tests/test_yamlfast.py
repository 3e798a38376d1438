"""The libyaml-backed loader gives what the round-trip loader gives: the same values and lines."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from mlgate import yamlfast
from mlgate.repo import yaml_line

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for base in (ROOT / "tests" / "rules", ROOT / "examples") for p in base.rglob("*")
               if p.suffix in (".yaml", ".yml") and p.is_file())


def _round_trip(text: str) -> list[Any]:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True
    return [d for d in yaml.load_all(io.StringIO(text)) if d is not None]


def _normal(node: Any) -> Any:
    """What the rules can tell apart: custom-tagged scalars are their text (the round-trip loader keeps
    a TaggedScalar), and a mapping used as a key (a Helm `{{ }}` line) is just "complex"."""
    if isinstance(node, dict):
        return {(k if isinstance(k, str | int | float | bool) or k is None else "<complex>"): _normal(v)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_normal(v) for v in node]
    return getattr(node, "value", node) if type(node).__name__ == "TaggedScalar" else node


def _lines(node: Any, out: list[tuple[Any, ...]], path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((*path, k, yaml_line(node, k)))
            _lines(v, out, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((*path, i, yaml_line(node, i)))
            _lines(v, out, (*path, i))
    return out


def test_the_c_parser_is_installed() -> None:
    assert yamlfast.load_all("a: 1\n") == [{"a": 1}]


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_same_values_and_lines_as_the_round_trip_loader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        expected = _round_trip(text)
    except Exception:
        pytest.skip("not valid YAML for the round-trip loader either")
    try:
        got = yamlfast.load_all(text) or []
    except YAMLError:
        pytest.skip("libyaml (YAML 1.1) refuses it; the loader falls back to the round-trip loader")
    assert _normal(got) == _normal(expected)
    assert _normal([_lines(d, []) for d in got]) == _normal([_lines(d, []) for d in expected])


def test_aliases_are_shared_merges_applied_cycles_cut_and_custom_tags_kept_as_text() -> None:
    text = ("defaults: &d {lr: 0.1, epochs: 3}\nrun:\n  <<: *d\n  epochs: 5\nloop: &l [1, *l]\n"
            "Resources:\n  Bucket: !Ref ModelBucket\n")
    (doc,) = yamlfast.load_all(text) or []
    assert doc["run"] == {"lr": 0.1, "epochs": 5}
    assert doc["loop"] == [1, None]
    assert doc["Resources"]["Bucket"] == "ModelBucket"
    assert yaml_line(doc["run"], "epochs") == 4


def test_yaml_1_2_documents_libyaml_refuses_still_load(tmp_path: Path) -> None:
    from mlgate.repo import build_index

    (tmp_path / ".gitlab-ci.yml").write_text("smoke:\n  services: [docker:26-dind]\n  script: [pytest]\n")
    index = build_index(tmp_path, use_git=False)
    assert index.yaml(".gitlab-ci.yml")[0]["smoke"]["services"] == ["docker:26-dind"]
    assert index.notices == ()


_SCALARS = """\
plain: text
quoted: "1.5"
single: '007'
explicit: !!str 42
number: 42
octal_1_1: 012
float: 1.5e3
flag: true
yes_1_2: yes
nothing: null
tilde: ~
empty:
date: 2024-01-02
stamp: 2024-01-02T03:04:05Z
inf: .inf
multi: |
  two
  lines
folded: >
  one
  line
list: [a, 1, "2", !!str 3, false]
"""


@pytest.mark.parametrize("load", [yamlfast.load_all, yamlfast.load_all_pure], ids=["libyaml", "pure"])
def test_scalars_have_the_safe_loaders_values_and_types(load: Any) -> None:
    """Strings are built without the constructor's dispatch and the resolver's table is looked up once a
    stream: every scalar still has the value and type ruamel's own safe loader gives it (YAML 1.2)."""
    expected = list(YAML(typ="safe", pure=True).load_all(io.StringIO(_SCALARS)))
    got = load(_SCALARS)
    assert got == expected
    assert [(k, type(v)) for k, v in got[0].items() if k != "list"] == [
        (k, type(v)) for k, v in expected[0].items() if k != "list"]
    assert [type(v) for v in got[0]["list"]] == [str, int, str, str, bool]
    assert got[0]["yes_1_2"] == "yes" and got[0]["octal_1_1"] == 12
