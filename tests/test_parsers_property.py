"""Property-based tests for the parsers that read what a repository's authors wrote: arbitrary input
never raises past the rule boundary (no rule ends in `error`), and the obvious invariants hold
(every finding points at a file of the index, a line within it; a config either loads or is a
ConfigError). Kept small (max_examples) so the module runs in a few seconds."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlgate.config import Config, ConfigError, parse_config
from mlgate.engine import Selection, run_rules
from mlgate.facts.codeowners import parse as parse_codeowners
from mlgate.repo import RepoIndex, load_yaml_documents
from mlgate.rules.repro import _logical_lines, _requirement_state, dockerfile_instructions
from mlgate.suppress import parse_ignores

TODAY = dt.date(2026, 11, 22)
# in CI the examples are the same on every run (a red build is then reproducible, never a fluke);
# locally each run explores new ones
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RULES_FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class MemorySource:
    """File contents from a dict (bytes), as a RepoIndex Source."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def size(self, path: str) -> int | None:
        data = self.files.get(path)
        return None if data is None else len(data)

    def read(self, path: str, limit: int) -> bytes | None:
        data = self.files.get(path)
        return None if data is None else data[:limit]

    def describe_unreadable(self, path: str) -> str | None:
        return None if path in self.files else "missing"


def run(files: dict[str, str | bytes], *rule_ids: str) -> RepoIndex:
    """Run ``rule_ids`` over an in-memory repository; assert the rule boundary held."""
    raw = {p: (c.encode("utf-8", "surrogatepass") if isinstance(c, str) else c) for p, c in files.items()}
    index = RepoIndex("mem", list(raw), MemorySource(raw))
    results = run_rules(index, Config(), Selection(select=rule_ids), today=TODAY)
    assert {r.rule_id for r in results} >= set(rule_ids)
    for r in results:
        assert r.status.value != "error", (r.rule_id, r.summary)
        for f in r.findings:
            assert f.path in index.files or any(p.startswith(f.path.rstrip("/") + "/") for p in index.files) \
                or f.path == "", (r.rule_id, f.path)
            if f.line is not None and f.path in raw:
                assert 1 <= f.line <= max(1, raw[f.path].count(b"\n") + 1), (r.rule_id, f.path, f.line)
    return index


def fragments(*pieces: str) -> st.SearchStrategy[str]:
    """Lines built from the tokens a parser cares about, mixed with arbitrary text."""
    token = st.one_of(st.sampled_from(pieces), st.text(max_size=8))
    line = st.lists(token, max_size=6).map(" ".join)
    return st.lists(line, max_size=12).map("\n".join)


# ----------------------------------------------------------------------------------- config
CONFIG_KEYS = ["fail-on", "fail-under", "rules", "paths", "exclude", "model-spec", "features", "artifacts",
               "deploy", "attestations", "waivers", "severity", "repro-deps-pinned", "rule", "path",
               "reason", "expires", "2026-01-01", "error", "warning", "info", "off"]
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=True),
                      st.text(max_size=10), st.sampled_from(CONFIG_KEYS))
json_data = st.recursive(json_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(CONFIG_KEYS), st.text(max_size=6)),
                                                 inner, max_size=4)), max_leaves=25)


@FAST
@given(st.one_of(st.text(max_size=300),
                 fragments(*CONFIG_KEYS, ":", "-", "&a", "*a", "<<:", "[", "{", "!!python/object", "'", '"'),
                 json_data.map(lambda d: json.dumps(d, default=str))))
def test_config_yaml_only_raises_config_error(text: str) -> None:
    try:
        config = parse_config(text, ".mlgate.yaml")
    except ConfigError as exc:
        assert str(exc).startswith(".mlgate.yaml")
    else:
        assert isinstance(config, Config)


@FAST
@given(st.one_of(st.text(max_size=300), fragments("[tool.mlgate]", "[tool]", "mlgate", "=", "[", "]", "{", "}",
                                                  '"', "fail-on", "rules", "1979-05-27", "[[tool.mlgate.waivers]]"),
                 json_data.map(lambda d: "[tool.mlgate]\nx = " + json.dumps(d, default=str))))
def test_config_toml_only_raises_config_error(text: str) -> None:
    try:
        config = parse_config(text, "pyproject.toml", toml=True)
    except ConfigError:
        pass
    else:
        assert isinstance(config, Config)


def test_deeply_nested_toml_is_a_config_error() -> None:
    for text in ("[tool.mlgate]\na = " + "[" * 5000 + "]" * 5000,
                 "[tool.mlgate]\na = " + "{x=" * 3000 + "1" + "}" * 3000):
        try:
            parse_config(text, "pyproject.toml", toml=True)
        except ConfigError as exc:
            assert "nested too deeply" in str(exc)
        else:
            raise AssertionError("accepted")


# ----------------------------------------------------------------------------------- CODEOWNERS
OWNERS_TOKENS = ("*", "/", "**", "@acme/ml", "@ana", "a@b.io", "!x", "[a]", "#", "\\#", "docs/", "*.py",
                 "/src/**/model.py", "@", "@-", "@acme/", "\x00")


@FAST
@given(fragments(*OWNERS_TOKENS))
def test_codeowners_parse_accounts_for_every_line(text: str) -> None:
    owners, problems = parse_codeowners(text, ".github/CODEOWNERS")
    n_lines = len(text.splitlines())
    lines = [r.line for r in owners.rules] + [ln for ln, _ in problems]
    assert len(lines) == len(set(lines)) and all(1 <= ln <= n_lines for ln in lines)


@RULES_FAST
@given(fragments(*OWNERS_TOKENS), st.sampled_from([".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]))
def test_codeowners_rule_never_errors(text: str, where: str) -> None:
    run({where: text, "params.yaml": "lr: 0.1\n", "src/model.py": "import torch\n"}, "spec-codeowners")


# ----------------------------------------------------------------------------------- .gitattributes / LFS
@RULES_FAST
@given(fragments("*.parquet", "filter=lfs", "diff=lfs", "merge=lfs", "-text", "-filter", "!filter", "[attr]x",
                 "#", "data/**", "\\", "text=auto", "*", '"', '"a b.bin"', "models/", "\\303"),
       st.binary(max_size=200))
def test_gitattributes_never_errors(text: str, blob: bytes) -> None:
    pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"a" * 64 + b"\nsize 12\n"
    run({".gitattributes": text, "data/sub/.gitattributes": text[::-1], "data/train.parquet": blob,
         "models/model.onnx": pointer + blob}, "data-lfs")


# ----------------------------------------------------------------------------------- DVC files
dvc_data = st.recursive(
    st.one_of(json_leaf, st.sampled_from(["outs", "deps", "path", "md5", "stages", "cmd", "params", "frozen",
                                          "repo", "url", "rev", "rev_lock", "foreach", "do", "matrix"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["outs", "deps", "path", "md5", "stages", "cmd",
                                                             "params", "frozen", "repo", "url", "rev", "wdir",
                                                             "foreach", "do", "metrics", "plots", "train",
                                                             "artifacts", "hash", "etag"]), inner, max_size=5)),
    max_leaves=30)


@RULES_FAST
@given(dvc_data, dvc_data, dvc_data, st.text(max_size=80))
def test_dvc_files_never_error(dot_dvc: Any, pipeline: Any, lock: Any, raw: str) -> None:
    run({"data/raw.csv.dvc": json.dumps(dot_dvc, default=str), "dvc.yaml": json.dumps(pipeline, default=str),
         "dvc.lock": json.dumps(lock, default=str), "models/dvc.yaml": raw, ".dvc/config": "[core]\n",
         "params.yaml": "lr: 0.1\n", "train.py": "import dvc.api\n"},
        "data-dvc-pinned", "data-remote-unpinned", "prov-dataset-lineage")


# ----------------------------------------------------------------------------------- YAML loader
@FAST
@given(st.one_of(st.text(max_size=200), fragments("&a", "*a", "&b", "*b", "[", "]", "{", "}", ":", "-", "<<:",
                                                  "!!binary", "!tag", "%YAML 1.2", "---", "...", "?", "|", ">")))
def test_yaml_loader_never_raises_and_reports_through_notices(text: str) -> None:
    seen: list[str] = []
    docs = load_yaml_documents(text, "x.yaml", lambda _p, m: seen.append(m))
    assert isinstance(docs, list)
    assert not (docs and seen)  # either documents or a notice saying why not


# ----------------------------------------------------------------------------------- inline ignores
@FAST
@given(fragments("# mlgate: ignore", "# mlgate:ignore[repro-deps-pinned]", "[", "]", ",", "--", "reason",
                 "repro-*", "#", '"', "'''", "x = 1", "\\"),
       st.sampled_from(["train.py", "requirements.txt", "dvc.yaml", "Dockerfile", "notebook.ipynb", "a.md"]))
def test_inline_ignores_parse(text: str, path: str) -> None:
    ignores = parse_ignores(text, path)
    n_lines = max(1, len(text.splitlines()))
    for ig in ignores:
        assert ig.path == path and 1 <= ig.line <= n_lines + 1
        assert all(isinstance(r, str) for r in ig.rules)


# ----------------------------------------------------------------------------------- requirements
@FAST
@given(fragments("numpy", "==", ">=", "~=", "===", "1.2.3", "--hash=sha256:ab", "-r", "-e", "git+https://x",
                 "\\", "#", ";", "python_version<'3.11'", "[extra]", "@", "file:", "-c", "."))
def test_requirements_lines(text: str) -> None:
    n_lines = len(text.splitlines()) or 1
    for line, spec in _logical_lines(text):
        assert 1 <= line <= n_lines + 1
        state = _requirement_state(spec)
        assert state is None or (state[0] and state[1] in ("hashed", "exact", "loose"))


@RULES_FAST
@given(fragments("numpy", "==", ">=", "1.2.3", "--hash=sha256:ab", "-r requirements.txt", "\\", "#", "-e ."))
def test_requirements_rule_never_errors(text: str) -> None:
    run({"requirements.txt": text, "requirements/dev.in": text, "train.py": "import numpy\n"}, "repro-deps-pinned")


# ----------------------------------------------------------------------------------- Dockerfile FROM
@FAST
@given(fragments("FROM", "from", "AS", "--platform=$BUILDPLATFORM", "${BASE:-python:3.11}", "$X", "ARG",
                 "BASE=python:3.11", "python:latest", "@sha256:" + "a" * 64, "\\", "# escape=`", "`", "scratch",
                 "#", "RUN", "ONBUILD", "COPY", "<<EOF", "EOF", "<<-'X'", "\tX", "# syntax=docker/dockerfile:1"))
def test_dockerfile_instructions(text: str) -> None:
    n_lines = len(text.splitlines()) or 1
    for line, instruction, _args in dockerfile_instructions(text):
        assert 1 <= line <= n_lines and instruction == instruction.upper()


@RULES_FAST
@given(fragments("FROM", "AS", "${BASE:-python:3.11}", "ARG", "BASE=python:3.11", "python:latest",
                 "@sha256:" + "a" * 64, "\\", "# escape=`", "`", "scratch"))
def test_dockerfile_rule_never_errors(text: str) -> None:
    run({"Dockerfile": text, "serve/Dockerfile.gpu": text, "train.py": "import torch\n"}, "repro-image-digest")


@FAST
@given(fragments("a:", "b:", "a: 1", "  a: 2", "- x", "  - y", "&a", "*a", "<<: *a", "!Ref", "!!str", "!!int",
                 "!Sub", "{k: v}", "[1, 2]", "? k", ": v", "---", "true", "null", "0o17", "1e3"))
def test_fast_yaml_loader_and_its_fallback_build_the_same_documents(text: str) -> None:
    import re

    from ruamel.yaml.error import YAMLError

    from mlgate import yamlfast

    if re.search(r"(^|\s)!(\s|$)", text):
        # the non-specific tag on an empty scalar (`a: !`): libyaml gives the empty string, as YAML 1.2 says
        # (`!` makes a scalar a string); ruamel 0.19's pure-Python resolver gives null. Junk either way
        return
    try:
        fast = yamlfast.load_all(text)
        slow = yamlfast.load_all_pure(text)
    except (YAMLError, RecursionError, ValueError, TypeError):
        return  # refused by one parser (libyaml is YAML 1.1 and stricter): the loader then uses the other
    assert fast is not None
    assert repr(fast) == repr(slow)


# ----------------------------------------------------------------------------------- unified diffs
@FAST
@given(fragments("diff --git a/x.py b/x.py", "--- a/x.py", "+++ b/x.py", "+++ /dev/null", '+++ "b/\\303\\251.py"',
                 "@@ -1,2 +1,3 @@", "@@ -0,0 +1 @@", "@@ -3 +3,0 @@", "+", "-", " ", "+++", "---", "\\ No newline"))
def test_diff_parser_never_raises_and_counts_new_lines(text: str) -> None:
    from mlgate.github.diff import added_lines, parse_unified

    for lines in [added_lines(text), *parse_unified(text).values()]:
        assert all(isinstance(n, int) and n >= 0 for n in lines)


# ----------------------------------------------------------------------------------- Markdown sections
@FAST
@given(fragments("# Title", "## Limitations", "Title", "=====", "-----", "---", "```", "~~~~", "* item", "> quote",
                 "    code", "Intended use", "TODO"))
def test_model_card_sections_are_in_order_and_in_range(text: str) -> None:
    from mlgate.facts.provenance import sections

    found = sections(text, 5)
    lines = [s.line for s in found]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    assert all(5 <= n < 5 + len(text.split("\n")) for n in lines)
    assert all(s.level in range(1, 7) for s in found)



@FAST
@given(fragments("# Title", "## Limitations", "### Uses", "Title", "=====", "-----", "```", "* item", "TODO",
                 "<!-- TODO -->", "{{ placeholder }}", "[More Information Needed]", "Intended use", "N/A"))
def test_a_sections_first_placeholder_is_the_first_in_its_lines(text: str) -> None:
    """Each section's placeholder line (read from one pass over the document's lines) is the first line of its
    own lines, subsections included, that holds a placeholder outside an HTML comment: as reading each section's
    lines in turn finds it."""
    from mlgate.facts.provenance import _COMMENT, PLACEHOLDER, _headings, sections

    lines = text.split("\n")
    heads = _headings(lines)
    expected = []
    for j, (_, level, _, first_body) in enumerate(heads):
        end = next((k for k, lv, _, _ in heads[j + 1:] if lv <= level), len(lines))
        expected.append(next((5 + first_body + k for k, ln in enumerate(lines[first_body:end])
                              if PLACEHOLDER.search(_COMMENT.sub("", ln))), None))
    assert [s.placeholder_line for s in sections(text, 5)] == expected


_REQUIREMENT_PARTS = st.sampled_from(["numpy", "scikit-learn", "Torch_Vision", "a", "x.y", "pkg-", "_p", "==", ">=",
                                      "<=", "~=", "!=", "<", ">", "===", "=", " ", "\t", "1", "2.0", ".", "*", "rc1",
                                      ",", ";", "[cpu]", "@", "(", ")", "v", "+local", "!", "\u0661", "\u00a0", "#",
                                      "b8", "a1", "c1", ".post1", "[air, tune]", "[ python ]", "[]", "[", "]",
                                      "[a,]"])


@FAST
@given(st.lists(_REQUIREMENT_PARTS, min_size=1, max_size=7))
def test_a_simple_requirement_is_read_as_packaging_reads_it(parts: list[str]) -> None:
    """The requirement lines read without packaging (a name with or without extras, `==` a release or a
    pre-release, one other comparison) get the name and state that packaging's PEP 508 parser gives them."""
    import re

    from mlgate.rules import repro

    line = "".join(parts).strip()
    fast = _requirement_state(line)
    simple = repro._SIMPLE_REQUIREMENT
    try:
        repro._SIMPLE_REQUIREMENT = re.compile(r"(?!)")
        assert fast == _requirement_state(line)
    finally:
        repro._SIMPLE_REQUIREMENT = simple
