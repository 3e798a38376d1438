"""The rule catalogue: each rule's metadata and texts, kept as YAML beside the code.

``mlgate/catalog/<area>.yaml`` is a list of entries; this module loads and checks them once.
They feed ``mlgate rules``, ``mlgate explain``, the docs, SARIF help and the PR comment.
"""

from __future__ import annotations

import functools
import json
from dataclasses import field
from pathlib import Path
from typing import Any

from mlgate.model import Severity
from mlgate.records import dataclass
from mlgate.rubric import TESTS_BY_ID

AREAS: dict[str, str] = {
    "spec": "model-spec review",
    "data": "pinned data versions",
    "prov": "provenance metadata",
    "feat": "feature-code tests",
    "rollout": "rollout configs",
    "repro": "reproducibility",
    "mon": "monitoring",
    "meta": "mlgate itself",
}
# The seven areas of concern that get a readiness figure (meta is bookkeeping).
READINESS_AREAS: tuple[str, ...] = ("spec", "data", "prov", "feat", "rollout", "repro", "mon")

def names_rule(name: str, rule_id: str) -> bool:
    """Whether ``name`` (a rule id, or an id prefix such as the area `data` or `repro-image`) names the
    rule: how --select/--ignore, waivers and inline ignores address rules."""
    return rule_id == name or rule_id.startswith(name + "-")


REQUIRED = ("id", "title", "area", "rubric", "severity", "rationale", "passes", "fails", "remediation",
            "confidence", "examples")
PRECISIONS = ("very-high", "high", "medium", "low")


@dataclass(frozen=True)
class Example:
    """A passing or failing example: files of a tiny repository, path -> content."""

    files: dict[str, str]


@dataclass(frozen=True)
class RuleMeta:
    id: str
    title: str
    area: str
    rubric: tuple[str, ...]
    severity: Severity
    rationale: str
    passes: str
    fails: str
    remediation: str
    confidence: str  # what makes a finding of this rule high, medium or low confidence
    good: Example
    bad: Example
    options: dict[str, Any] = field(default_factory=dict)
    option_defaults: dict[str, Any] = field(default_factory=dict)
    action_only: bool = False
    precision: str = "high"  # how often its findings are right, for SARIF (GitHub sorts alerts by it)
    kinds: dict[str, str] = field(default_factory=dict)  # project kind -> how this rule judges it (kinds.yaml)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "area": self.area,
            "rubric": list(self.rubric),
            "severity": self.severity.value,
            "rationale": self.rationale,
            "passes": self.passes,
            "fails": self.fails,
            "remediation": self.remediation,
            "confidence": self.confidence,
            "precision": self.precision,
            "kinds": self.kinds,
            "examples": {"pass": self.good.files, "fail": self.bad.files},
            "options": self.option_defaults,
        }


class CatalogError(Exception):
    pass


def _example(raw: Any, rid: str, which: str) -> Example:
    if not isinstance(raw, dict) or not raw or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise CatalogError(f"{rid}: examples.{which} must map file paths to file contents")
    return Example(files=dict(raw))


def _entry(raw: Any, area_file: str) -> RuleMeta:
    if not isinstance(raw, dict):
        raise CatalogError(f"{area_file}: every entry must be a mapping")
    rid = str(raw.get("id", "?"))
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise CatalogError(f"{rid}: missing {', '.join(missing)}")
    if raw["area"] not in AREAS or not rid.startswith(raw["area"] + "-"):
        raise CatalogError(f"{rid}: area {raw['area']!r} does not match the id")
    rubric = tuple(str(t) for t in raw["rubric"])
    unknown = [t for t in rubric if t not in TESTS_BY_ID]
    if unknown:
        raise CatalogError(f"{rid}: unknown rubric tests {unknown}")
    examples = raw["examples"]
    if not isinstance(examples, dict) or set(examples) != {"pass", "fail"}:
        raise CatalogError(f"{rid}: examples must have exactly 'pass' and 'fail'")
    options = raw.get("options") or {}
    if not isinstance(options, dict):
        raise CatalogError(f"{rid}: options must be a mapping of JSON Schema properties")
    defaults = {k: v["default"] for k, v in options.items() if isinstance(v, dict) and "default" in v}
    kinds = raw.get("kinds") or {}
    if not isinstance(kinds, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in kinds.items()):
        raise CatalogError(f"{rid}: kinds must map project kinds to text")
    precision = str(raw.get("precision", "high"))
    if precision not in PRECISIONS:
        raise CatalogError(f"{rid}: precision must be one of {', '.join(PRECISIONS)}")
    return RuleMeta(
        id=rid,
        title=str(raw["title"]),
        area=str(raw["area"]),
        rubric=rubric,
        severity=Severity(raw["severity"]),
        rationale=str(raw["rationale"]).strip(),
        passes=str(raw["passes"]).strip(),
        fails=str(raw["fails"]).strip(),
        remediation=str(raw["remediation"]).strip(),
        confidence=str(raw["confidence"]).strip(),
        good=_example(examples["pass"], rid, "pass"),
        bad=_example(examples["fail"], rid, "fail"),
        options=dict(options),
        option_defaults=defaults,
        action_only=bool(raw.get("action_only", False)),
        precision=precision,
        kinds={k: " ".join(v.split()) for k, v in kinds.items()},
    )


COMPILED = "compiled.json"
CATALOG_DIR = Path(__file__).with_name("catalog")  # not importlib.resources: ~10 ms a hook need not pay


KINDS_FILE = "kinds.yaml"


def kinds_yaml() -> dict[str, Any]:
    """kinds.yaml: `general` (project kind -> how every rule judges it) and `rules` (rule id -> kind -> what
    that rule does differently), checked against the kinds `mlgate inventory` knows and the rule ids."""
    from ruamel.yaml import YAML

    from mlgate.inventory import KINDS

    path = CATALOG_DIR / KINDS_FILE
    raw = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    general, rules = raw.get("general") or {}, raw.get("rules") or {}
    if set(general) != set(KINDS):
        raise CatalogError(f"{KINDS_FILE}: general must describe exactly the kinds {', '.join(KINDS)}")
    for rid, kinds in rules.items():
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise CatalogError(f"{KINDS_FILE}: {rid}: unknown kinds {sorted(unknown)}")
    return {"general": general, "rules": rules}


def yaml_entries() -> list[tuple[str, list[Any]]]:
    """(area, raw entries) from the catalogue's YAML sources, in AREAS order, each with the `kinds` that
    kinds.yaml gives its rule."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    per_rule = kinds_yaml()["rules"]
    out = []
    for area in AREAS:
        res = CATALOG_DIR / f"{area}.yaml"
        if res.is_file():
            entries = yaml.load(res.read_text(encoding="utf-8")) or []
            for e in entries:
                if isinstance(e, dict) and e.get("id") in per_rule:
                    e["kinds"] = dict(per_rule[e["id"]])
            out.append((area, entries))
    ids = {e.get("id") for _a, entries in out for e in entries if isinstance(e, dict)}
    stray = sorted(set(per_rule) - ids)
    if stray:
        raise CatalogError(f"{KINDS_FILE}: no such rules: {', '.join(stray)}")
    return out


def compile_catalog() -> str:
    """The YAML sources as one JSON document: loaded in a few milliseconds, where parsing the YAML
    takes over 100 ms (a pre-commit hook cannot afford that). scripts/gen_docs.py writes it and a
    test fails when it is stale."""
    return json.dumps(yaml_entries(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


@functools.lru_cache(maxsize=1)
def catalog_fingerprint() -> str:
    """A hash of the shipped catalogue: what cached data derived from it (validated configurations)
    is keyed by."""
    from mlgate import __version__, cache

    compiled = CATALOG_DIR / COMPILED
    text = compiled.read_text(encoding="utf-8") if compiled.is_file() else compile_catalog()
    return cache.key(__version__, text)


@functools.lru_cache(maxsize=2)
def load_catalog(from_yaml: bool = False) -> dict[str, RuleMeta]:
    """All rule metadata by id, in catalogue order (area files in AREAS order); from the compiled
    JSON when it exists, unless ``from_yaml`` (what scripts/gen_docs.py uses)."""
    compiled = CATALOG_DIR / COMPILED
    if compiled.is_file() and not from_yaml:
        sources = json.loads(compiled.read_text(encoding="utf-8"))
    else:
        sources = yaml_entries()
    out: dict[str, RuleMeta] = {}
    for area, entries in sources:
        for raw in entries:
            meta = _entry(raw, f"{area}.yaml")
            if meta.area != area:
                raise CatalogError(f"{meta.id}: listed in {area}.yaml but its area is {meta.area}")
            if meta.id in out:
                raise CatalogError(f"{meta.id}: listed twice")
            out[meta.id] = meta
    return out
