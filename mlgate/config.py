""".mlgate.yaml / [tool.mlgate] -> Config, validated by schemas/config.schema.json.

Every mistake becomes one ConfigError naming the file, the line, what is wrong and the nearest
valid name; never a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import math
import os
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from mlgate.catalog import names_rule
from mlgate.model import Severity
from mlgate.patterns import PathSet
from mlgate.records import dataclass

CONFIG_NAMES = (".mlgate.yaml", ".mlgate.yml")
MAX_CONFIG_BYTES = 1_000_000
MAX_CONFIG_NODES = 100_000
SCHEMA_FILE = Path(__file__).with_name("schemas") / "config.schema.json"


class ConfigError(Exception):
    """A configuration mistake: str() is the one line the user sees."""


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool = True
    severity: Severity | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Attestation:
    test: str
    evidence: str
    note: str = ""
    automation: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    paths: tuple[str, ...] = ()
    expires: dt.date | None = None
    line: int | None = None

    def covers(self, rule_id: str, path: str) -> bool:
        if not names_rule(self.rule, rule_id):
            return False
        return not self.paths or PathSet(self.paths).match(path)


@dataclass(frozen=True)
class Config:
    path: str | None = None  # the file it came from, relative to the repository where possible
    fail_under: float | None = None
    fail_on: str = "error"
    fail_confidence: str = "high"
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    model_spec: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    artifacts: tuple[str, ...] = ()
    deploy: tuple[str, ...] = ()
    attestations: tuple[Attestation, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    # found in a folder above the analysed one (its paths rebased): its waivers and attestations are
    # judged where it lives, not from a part of the repository
    inherited: bool = False
    warnings: tuple[str, ...] = ()  # said once on standard error, e.g. two configurations in one folder

    def setting(self, rule_id: str) -> RuleSetting:
        return self.rules.get(rule_id, RuleSetting())


@functools.lru_cache(maxsize=1)
def config_schema() -> dict[str, Any]:
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# ------------------------------------------------------------------------- locating lines
class _Lines:
    """Maps a path inside the config document to a line of the file."""

    def __init__(self, root: Any, text: str, toml: bool) -> None:
        self.root = root
        self.text = text
        self.toml = toml

    def line(self, path: tuple[Any, ...]) -> int | None:
        if self.toml:
            return self._toml_line(path)
        from mlgate.repo import yaml_line

        node = self.root
        line = yaml_line(node)
        for part in path:
            try:
                line = yaml_line(node, part) or line
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        return line

    def _toml_line(self, path: tuple[Any, ...]) -> int | None:
        lines = self.text.splitlines()
        start = next((i for i, ln in enumerate(lines) if re.match(r"\s*\[\s*tool\.mlgate\b", ln)), None)
        if start is None:
            return None
        keys = [p for p in path if isinstance(p, str)]
        if not keys:
            return start + 1
        target = keys[-1]
        key = re.escape(target)
        pat = re.compile(r'^\s*(?:[\w."-]+\.)?"?' + key + r'"?\s*=|\[.*\b' + key + r"\b.*\]")
        for i in range(start, len(lines)):
            if pat.search(lines[i]) or re.search(r"\b" + re.escape(target) + r"\s*=", lines[i]):
                return i + 1
        return start + 1


def _plain(node: Any, budget: list[int]) -> Any:
    """ruamel nodes -> plain JSON-like data; dates become ISO strings. Bounded (alias bombs)."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ConfigError("too large or too deeply aliased to be a configuration")
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v, budget) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(v, budget) for v in node]
    if isinstance(node, dt.datetime | dt.date):
        return node.isoformat()[:10]
    if isinstance(node, bool | int | float | str) or node is None:
        return node if not isinstance(node, str) else str(node)
    return str(node)


FAIL_CONFIDENCE = ("high", "medium", "low")


def not_valid(value: str, key: str, choices: Sequence[str]) -> str:
    """The one message for a value outside a key's choices, the same in a config file and on the
    command line."""
    hint = _closest(value, list(choices))
    return f"'{value}' is not valid for {key}" + (f"; did you mean {hint}?" if hint else
                                                  f"; use one of {', '.join(choices)}")


def fail_confidence(value: str) -> str:
    """``--fail-confidence``'s value, checked as ``fail-confidence:`` in .mlgate.yaml is (the schema
    lists the same choices)."""
    if value not in FAIL_CONFIDENCE:
        raise ValueError(not_valid(value, "fail-confidence", FAIL_CONFIDENCE))
    return value


def _closest(word: str, choices: list[str]) -> str | None:
    import difflib  # only for a mistake: a valid configuration need not import it

    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _where(path: tuple[Any, ...]) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else str(p) for p in path]
    return ".".join(parts).replace(".[", "[") if parts else "the top level"


def _validated_key(data: Any) -> str:
    from mlgate import cache
    from mlgate.catalog import catalog_fingerprint

    schema = SCHEMA_FILE.read_text(encoding="utf-8")
    return cache.key(catalog_fingerprint(), schema, json.dumps(data, sort_keys=True, default=str))


def _validate(data: Any, lines: _Lines, label: str) -> None:
    """Raise ConfigError for the first mistake. A configuration found valid before (same content,
    schema and catalogue) is not validated again: jsonschema costs a pre-commit hook ~100 ms."""
    from mlgate import cache

    key = _validated_key(data)
    known = cache.load("valid-configs", "v1")
    if isinstance(known, list) and key in known:
        return
    _validate_now(data, lines, label)
    recent = [k for k in known if k != key][-31:] if isinstance(known, list) else []
    cache.store("valid-configs", "v1", [*recent, key])


def _validate_now(data: Any, lines: _Lines, label: str) -> None:
    from jsonschema import Draft202012Validator

    from mlgate.catalog import load_catalog

    catalog = load_catalog()
    schema = config_schema()
    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    rules = data.get("rules") if isinstance(data, dict) else None
    if isinstance(rules, dict):
        for rid in rules:
            if rid not in catalog:
                hint = _closest(rid, list(catalog))
                raise ConfigError(
                    f"{label}:{lines.line(('rules', rid)) or 1}: unknown rule id '{rid}' in rules"
                    + (f"; did you mean {hint}?" if hint else "; run `mlgate rules` for the list")
                )
        for rid, value in rules.items():
            if isinstance(value, dict):
                _validate_options(rid, value, catalog[rid].options, lines, label)
    if isinstance(data, dict):
        waivers = data.get("waivers")
        for i, waiver in enumerate(waivers if isinstance(waivers, list) else []):
            if isinstance(waiver, dict) and isinstance(waiver.get("rule"), str):
                rid = waiver["rule"]
                if not any(names_rule(rid, r) for r in catalog):
                    hint = _closest(rid, list(catalog))
                    raise ConfigError(
                        f"{label}:{lines.line(('waivers', i, 'rule')) or 1}: unknown rule id '{rid}' in waivers"
                        + (f"; did you mean {hint}?" if hint else "")
                    )
    if not errors:
        return
    err = errors[0]
    path = tuple(err.absolute_path)
    line = lines.line(path) or 1
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list((err.schema.get("properties") or {}).keys())
        extra = [k for k in err.instance if k not in allowed]
        key = extra[0] if extra else "?"
        line = lines.line((*path, key)) or line
        hint = _closest(key, allowed)
        raise ConfigError(
            f"{label}:{line}: unknown key '{key}' in {_where(path)}"
            + (f"; did you mean {hint}?" if hint else f"; valid keys: {', '.join(allowed)}")
        )
    if err.validator == "required":
        raise ConfigError(f"{label}:{line}: {_where(path)}: {err.message}")
    if err.validator in ("enum", "oneOf") and isinstance(err.instance, str):
        enums = [err.validator_value] if err.validator == "enum" else [
            e.validator_value for e in err.context or [] if e.validator == "enum"]
        choices = [str(c) for values in enums for c in values]
        raise ConfigError(f"{label}:{line}: {not_valid(err.instance, _where(path), choices)}")
    raise ConfigError(f"{label}:{line}: {_where(path)}: {err.message}")


def _validate_options(rid: str, value: dict[str, Any], options: dict[str, Any], lines: _Lines, label: str) -> None:
    from jsonschema import Draft202012Validator

    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"severity": {"enum": ["off", "error", "warning", "info"]}, **options},
    }
    for err in Draft202012Validator(schema).iter_errors(value):
        path = ("rules", rid, *err.absolute_path)
        if err.validator == "additionalProperties":
            allowed = ["severity", *options]
            extra = [k for k in value if k not in allowed]
            key = extra[0] if extra else "?"
            hint = _closest(key, allowed)
            raise ConfigError(
                f"{label}:{lines.line((*path, key)) or 1}: unknown option '{key}' for rule {rid}"
                + (f"; did you mean {hint}?" if hint else f"; valid: {', '.join(allowed)}")
            )
        raise ConfigError(f"{label}:{lines.line(path) or 1}: rules.{rid}: {err.message}")


# ------------------------------------------------------------------------- loading
def _inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (links resolved) lies in ``root`` and not in a ``.git`` folder (a link to
    ``.git/config`` would print the checkout's credentials in a configuration error)."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # outside, or a symlink loop
        return False
    return ".git" not in rel.parts


def read_config_bytes(path: Path, label: str, root: Path | None = None) -> bytes:
    """A configuration file's bytes, at most MAX_CONFIG_BYTES: never through a symbolic link out of
    ``root`` (a repository's own config), never from a device or pipe, never unbounded."""
    if root is not None and not _inside(path, root):
        raise ConfigError(f"{label}: a symbolic link to a place outside the repository; not read")
    try:
        with open(path, "rb") as fh:
            if not os.path.isfile(path):
                raise ConfigError(f"{label}: not a regular file; not read")
            raw = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{label}: cannot be read ({exc.strerror})") from exc
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{label}: larger than {MAX_CONFIG_BYTES:,} bytes, too large for a configuration file")
    return raw


def check_fail_under(value: float) -> str | None:
    """What is wrong with a fail-under value, in the words the schema check uses, or None: one check for
    `fail-under:` in the configuration and `--fail-under` on the command line."""
    spec = config_schema()["properties"]["fail-under"]
    if math.isnan(value):
        return "nan is not a number (the ML Test Score is 0 to 7)"
    if value < spec["minimum"]:
        return f"{value:g} is less than the minimum of {spec['minimum']}"
    if value > spec["maximum"]:
        return f"{value:g} is greater than the maximum of {spec['maximum']}"
    return None


def _pyproject_with_section(folder: Path) -> Path | None:
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _inside(pyproject, folder):
        try:
            with open(pyproject, "rb") as fh:
                head = fh.read(MAX_CONFIG_BYTES)
        except OSError:
            return None
        if b"tool.mlgate" in head:
            return pyproject
    return None


def _configs_in(folder: Path) -> tuple[Path | None, Path | None]:
    """(.mlgate.yaml or .mlgate.yml, pyproject.toml holding [tool.mlgate]) in one folder."""
    yaml_file = next((folder / n for n in CONFIG_NAMES if (folder / n).is_file()), None)
    return yaml_file, _pyproject_with_section(folder)


def find_config(root: Path) -> Path | None:
    """The configuration file in ``root`` itself: .mlgate.yaml wins over [tool.mlgate]."""
    yaml_file, pyproject = _configs_in(root)
    return yaml_file or pyproject


def repository_top(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds `.git` (a folder, or a file in a worktree)."""
    try:
        here = start.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in (here, *here.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def locate_config(root: Path) -> tuple[Path | None, Path, tuple[str, ...]]:
    """(configuration file, the folder it was found in, warnings), looked for as ruff and pre-commit do:
    in ``root``, then each folder above it up to the repository's top (the folder holding `.git`); outside
    a repository only ``root`` is looked at. The nearest folder with a configuration wins; in it
    .mlgate.yaml wins over [tool.mlgate], with a warning that the other is ignored."""
    top = repository_top(root)
    folders = [root]
    if top is not None:
        try:
            here = root.resolve()
            depth = len(here.relative_to(top).parts)
            folders += [root.joinpath(*[".."] * n) for n in range(1, depth + 1)]
        except (ValueError, OSError, RuntimeError):
            pass
    for folder in folders:
        yaml_file, pyproject = _configs_in(folder)
        if yaml_file is None and pyproject is None:
            continue
        warnings: tuple[str, ...] = ()
        if yaml_file is not None and pyproject is not None:
            shown = os.path.normpath(os.path.relpath(yaml_file.parent, root) + "/")
            at = "" if shown == "." else f" in {shown}"
            warnings = (f"both {yaml_file.name} and [tool.mlgate] in pyproject.toml{at}: using {yaml_file.name}; "
                        "[tool.mlgate] is ignored (keep one of them)",)
        return yaml_file or pyproject, folder, warnings
    return None, root, ()


def load_config(root: Path, explicit: str | None = None, *, upward: bool = True) -> Config:
    """The configuration for the repository at ``root`` (defaults when there is none). Without
    ``explicit``, looked for from ``root`` up to the repository's top (``upward``)."""
    warnings: tuple[str, ...] = ()
    folder = root
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: no such configuration file")
    else:
        found, folder, warnings = locate_config(root) if upward else (find_config(root), root, ())
        if found is None:
            return Config()
        path = found
    try:
        label = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        label = os.path.relpath(path, root).replace(os.sep, "/") if explicit is None else str(path)
    raw = read_config_bytes(path, label, folder if explicit is None else None)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{label}: not UTF-8 text") from exc
    config = parse_config(text, label, toml=path.name == "pyproject.toml")
    if folder is not root:
        try:
            prefix = root.resolve().relative_to(folder.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            prefix = ""
        if prefix and prefix != ".":
            config = rebased(config, prefix)
    return dataclasses.replace(config, warnings=warnings) if warnings else config


def rebased(config: Config, prefix: str) -> Config:
    """A configuration of a folder, for its subfolder ``prefix``: path patterns rewritten (those naming
    nothing below dropped), and exclusions of the whole subfolder dropped: a folder the user names is
    analysed, as ruff analyses a path given on its command line."""
    from mlgate.patterns import rebase

    def paths(patterns: tuple[str, ...], *, whole: bool = True) -> tuple[str, ...]:
        out = [rebase(p, prefix) for p in patterns]
        return tuple(p for p in out if p is not None and (whole or p != "**"))

    waivers = []
    for w in config.waivers:
        kept = paths(w.paths)
        if w.paths and not kept:
            continue  # it silences files outside the analysed folder only
        waivers.append(dataclasses.replace(w, paths=kept))
    attestations = tuple(
        dataclasses.replace(a, evidence=a.evidence[len(prefix) + 1:])
        if a.evidence.strip("/").startswith(prefix + "/") else a for a in config.attestations)
    return dataclasses.replace(
        config, exclude=paths(config.exclude, whole=False), model_spec=paths(config.model_spec),
        features=paths(config.features), artifacts=paths(config.artifacts), deploy=paths(config.deploy),
        waivers=tuple(waivers), attestations=attestations, inherited=True)


def load_config_at(files: set[str] | frozenset[str], read: Callable[[str], bytes | None],
                   explicit: str | None = None) -> Config:
    """The configuration as it is in a commit (``files`` and ``read`` of its blobs, relative to the
    analysed directory): on a pull request the gate runs with the base branch's configuration, so
    that a pull request cannot configure its own gate. ``explicit``: the configured file's path,
    relative to the analysed directory. Raises ConfigError as ``load_config`` does."""
    names = (*CONFIG_NAMES, "pyproject.toml")
    candidates = [explicit] if explicit is not None else [n for n in names if n in files]
    for name in candidates:
        raw = read(name) if name in files else None
        if raw is None:
            if explicit is not None:
                return Config()  # not in the base commit: the defaults, as for a repository without one
            continue
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{name}: larger than {MAX_CONFIG_BYTES:,} bytes, too large for a configuration file")
        if name.rsplit("/", 1)[-1] == "pyproject.toml" and explicit is None and b"tool.mlgate" not in raw:
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{name}: not UTF-8 text") from exc
        return parse_config(text, name, toml=name.rsplit("/", 1)[-1] == "pyproject.toml")
    return Config()


def config_changes(base: Config, head: Config) -> list[str]:
    """What ``head`` changes in the gate compared with ``base``, in words a reviewer can check:
    rules turned off or made milder, new waivers, excluded paths, attestations, fail-on and
    fail-under. Empty when the gate is the same."""
    out: list[str] = []
    if head.fail_on != base.fail_on:
        out.append(f"fail-on `{base.fail_on}` -> `{head.fail_on}`")
    if head.fail_under != base.fail_under:
        out.append(f"fail-under `{base.fail_under}` -> `{head.fail_under}`")
    for rid in sorted(set(base.rules) | set(head.rules)):
        before, after = base.setting(rid), head.setting(rid)
        if before.enabled and not after.enabled:
            out.append(f"rule `{rid}` turned off")
        elif not before.enabled and after.enabled:
            out.append(f"rule `{rid}` turned on")
        elif before.severity != after.severity:
            old = before.severity.value if before.severity else "default"
            new = after.severity.value if after.severity else "default"
            out.append(f"rule `{rid}` severity `{old}` -> `{new}`")
        if before.options != after.options:
            out.append(f"rule `{rid}` options changed")
    old_waivers = {(w.rule, w.paths, w.expires) for w in base.waivers}
    for w in head.waivers:
        if (w.rule, w.paths, w.expires) not in old_waivers:
            where = ", ".join(f"`{p}`" for p in w.paths) or "every path"
            out.append(f"new waiver of `{w.rule}` on {where}" + (f" until {w.expires}" if w.expires else ""))
    old_attest = {(a.test, a.evidence, a.automation) for a in base.attestations}
    for a in head.attestations:
        if (a.test, a.evidence, a.automation) not in old_attest:
            out.append(f"new attestation of `{a.test}` (evidence `{a.evidence}`)")
    for key in ("exclude", "model_spec", "features", "artifacts", "deploy"):
        added = [p for p in getattr(head, key) if p not in getattr(base, key)]
        removed = [p for p in getattr(base, key) if p not in getattr(head, key)]
        name = "paths." + key.replace("_", "-")
        if added:
            out.append(f"{name} adds " + ", ".join(f"`{p}`" for p in added))
        if removed:
            out.append(f"{name} drops " + ", ".join(f"`{p}`" for p in removed))
    return out


def parse_config(text: str, label: str, *, toml: bool = False) -> Config:
    if toml:
        if sys.version_info >= (3, 11):  # imported only for a pyproject.toml: most configurations are YAML
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{label}: invalid TOML: {exc}") from exc
        except RecursionError as exc:  # tomllib recurses once per nested array or inline table
            raise ConfigError(f"{label}: nested too deeply to be read as TOML") from exc
        section = doc.get("tool", {}).get("mlgate") if isinstance(doc.get("tool"), dict) else None
        if section is None:
            return Config(path=label)
        lines = _Lines(section, text, toml=True)
        try:
            data = _plain(section, [MAX_CONFIG_NODES])
        except RecursionError as exc:
            raise ConfigError(f"{label}: nested too deeply to be a configuration") from exc
    else:
        remembered = _remembered(text)
        if remembered is not None:  # parsed and found valid before: no YAML parser needed
            return _build(remembered[0], remembered[1], label)
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        from mlgate.repo import yaml_block_too_deep, yaml_nesting_too_deep

        if yaml_nesting_too_deep(text) or yaml_block_too_deep(text):
            raise ConfigError(f"{label}: nested too deeply to be a configuration")
        yaml = YAML(typ="rt")
        try:
            with warnings.catch_warnings():  # ruamel's warnings (a reused anchor) quote the file: not printed
                warnings.simplefilter("ignore")
                docs = list(yaml.load_all(text))
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ConfigError(f"{label}:{line}: invalid YAML: {problem}") from exc
        except (RecursionError, ValueError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{label}: cannot be read as YAML ({type(exc).__name__})") from exc
        docs = [d for d in docs if d is not None]
        if not docs:
            return Config(path=label)
        if len(docs) > 1:
            raise ConfigError(f"{label}: holds {len(docs)} YAML documents; a configuration is one")
        lines = _Lines(docs[0], text, toml=False)
        try:
            data = _plain(docs[0], [MAX_CONFIG_NODES])
        except RecursionError as exc:
            raise ConfigError(f"{label}: nested too deeply to be a configuration") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{label}:1: the configuration must be a mapping of keys (fail-on, rules, paths, ...)")
    _validate(data, lines, label)
    config = _build(data, lines, label)
    if not toml:
        _remember(text, data, lines)
    return config


# A valid .mlgate.yaml is remembered (plain data and the few lines _build reports), keyed by its
# text, the schema and the catalogue, so that the next pre-commit hook skips ruamel (~15 ms).
class _KnownLines(_Lines):
    def __init__(self, known: dict[str, int | None]) -> None:
        super().__init__(None, "", toml=False)
        self.known = known

    def line(self, path: tuple[Any, ...]) -> int | None:
        return self.known.get(json.dumps(list(path)))


def _doc_key(text: str) -> str:
    from mlgate import cache
    from mlgate.catalog import catalog_fingerprint

    return cache.key(catalog_fingerprint(), SCHEMA_FILE.read_text(encoding="utf-8"), text)


def _remembered(text: str) -> tuple[dict[str, Any], _Lines] | None:
    from mlgate import cache

    value = cache.load("config-doc", _doc_key(text))
    if not isinstance(value, dict) or not isinstance(value.get("data"), dict) or \
            not isinstance(value.get("lines"), dict):
        return None
    return value["data"], _KnownLines(value["lines"])


def _remember(text: str, data: dict[str, Any], lines: _Lines) -> None:
    from mlgate import cache

    known: dict[str, int | None] = {}
    for section in ("attestations", "waivers"):
        for i, _ in enumerate(data.get(section) or []):
            for path in ((section, i), (section, i, "expires")):
                known[json.dumps(list(path))] = lines.line(path)
    cache.store("config-doc", _doc_key(text), {"data": data, "lines": known})


def _build(data: dict[str, Any], lines: _Lines, label: str) -> Config:
    rules: dict[str, RuleSetting] = {}
    for rid, value in (data.get("rules") or {}).items():
        if isinstance(value, str):
            value = {"severity": value}
        sev = value.get("severity")
        options = {k: v for k, v in value.items() if k != "severity"}
        rules[rid] = RuleSetting(
            enabled=sev != "off",
            severity=Severity(sev) if sev not in (None, "off") else None,
            options=options,
        )
    paths = data.get("paths") or {}
    attestations = tuple(
        Attestation(
            test=a["test"], evidence=a["evidence"], note=a.get("note", ""), automation=a.get("automation"),
            line=lines.line(("attestations", i)),
        )
        for i, a in enumerate(data.get("attestations") or [])
    )
    waivers = []
    for i, w in enumerate(data.get("waivers") or []):
        expires = None
        if w.get("expires"):
            try:
                expires = dt.date.fromisoformat(w["expires"])
            except ValueError as exc:
                raise ConfigError(
                    f"{label}:{lines.line(('waivers', i, 'expires')) or 1}: '{w['expires']}' is not a date "
                    "(use YYYY-MM-DD)"
                ) from exc
        waivers.append(Waiver(rule=w["rule"], reason=w["reason"].strip(), paths=tuple(w.get("paths") or ()),
                              expires=expires, line=lines.line(("waivers", i))))
    fail_under = data.get("fail-under")
    if fail_under is not None and (problem := check_fail_under(float(fail_under))):
        raise ConfigError(f"{label}:{lines.line(('fail-under',)) or 1}: fail-under: {problem}")
    return Config(
        path=label,
        fail_under=float(fail_under) if fail_under is not None else None,
        fail_on=data.get("fail-on", "error"),
        fail_confidence=data.get("fail-confidence", "high"),
        rules=rules,
        exclude=tuple(paths.get("exclude") or ()),
        model_spec=tuple(paths.get("model-spec") or ()),
        features=tuple(paths.get("features") or ()),
        artifacts=tuple(paths.get("artifacts") or ()),
        deploy=tuple(paths.get("deploy") or ()),
        attestations=attestations,
        waivers=tuple(waivers),
    )
