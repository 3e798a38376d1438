"""The JSON report (schema: mlgate/schemas/report.schema.json)."""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import INFINITY as _INFINITY
from json.encoder import encode_basestring as _string
from typing import Any

from mlgate.model import Report, ReportedFinding

SCHEMA_VERSION = 1


def _findings(items: tuple[ReportedFinding, ...] | list[ReportedFinding]) -> list[dict[str, Any]]:
    return [f.to_json() for f in items]


def to_dict(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "mlgate", "version": report.tool_version},
        "repository": {"root": report.root, "commit": report.commit},
        "config": report.config_path,
        "ml_test_score": {
            "score": report.score.score,
            "band": report.score.band,
            "sections": dict(report.score.sections),
            "tests": [
                {"id": t.id, "section": t.section, "title": t.title, "credit": t.credit,
                 "evidence": list(t.evidence)}
                for t in report.score.tests
            ],
        },
        "areas": dict(report.areas),
        "rules": [
            {
                "id": r.rule_id,
                "title": r.title,
                "area": r.area,
                "status": r.status.value,
                "severity": r.severity.value,
                "rubric": list(r.rubric),
                "summary": r.summary,
                "automated": r.automated,
                "evidence": list(r.evidence),
                "findings": _findings(r.findings),
            }
            for r in report.results
        ],
        "gate": {"passed": report.gate.passed, "reasons": list(report.gate.reasons),
                 "confidence_floor": report.gate.confidence_floor.value},
        "notices": [{"path": n.path, "message": n.message} for n in report.notices],
        "skipped": [{"path": t.path, "reason": t.reason, "files": t.files} for t in report.skipped],
    }
    if report.inventory is not None:
        from mlgate.inventory import to_json

        out["inventory"] = to_json(report.inventory)
    c = report.comparison
    if c is not None:
        out["comparison"] = {
            "base": c.base,
            "base_commit": c.base_commit,
            "base_score": c.base_score,
            "new": _findings(c.new),
            "fixed": _findings(c.fixed),
            "unchanged": _findings(c.unchanged),
            "score_change": c.score_change,
            "section_change": dict(c.section_change),
        }
    return out


def render(report: Report) -> str:
    return dumps(to_dict(report)) + "\n"


def dumps(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, the same text. With ``indent``, the standard
    library encodes in Python, a generator per container (its C encoder does no indentation): 36 ms of
    the 10,000-file tree's 1.9 MB report, 2.5% of its scan. This writes each item's line whole (its
    indentation, the key and a scalar value in one string; a list of strings in one join) and leaves
    the strings' escaping to the C function the standard encoder calls too: 14 ms. Types are tested in
    the standard encoder's order, subclasses as it encodes them (a ``str`` Enum as its text)."""
    chunks: list[str] = []
    dump(value, chunks.append)
    return "".join(chunks)


def dump(value: Any, out: Callable[[str], object]) -> None:
    """dumps(value), given to ``out`` in chunks: the 10,000-file tree's report is 80,000 pieces, and
    holding them all until one join took 8 MB, its scan's peak memory; the CLI writes the chunks to the
    report's file as they come."""
    parts = _Parts(out)
    _encode(value, 0, parts, ["\n"])
    parts.flush()


class _Parts(list[str]):
    """The pieces of text not yet given to ``out``."""

    def __init__(self, out: Callable[[str], object]) -> None:
        super().__init__()
        self.out = out

    def compact(self) -> None:
        """Give the pieces to ``out`` as one chunk once there are enough of them to be worth it."""
        if len(self) > 2048:
            self.flush()

    def flush(self) -> None:
        self.out("".join(self))
        self.clear()


def _newline(level: int, lines: list[str]) -> str:
    """A newline and the indentation of ``level`` (two spaces a level), made once a level."""
    while len(lines) <= level:
        lines.append("\n" + "  " * len(lines))
    return lines[level]


def _scalar(value: Any) -> str | None:
    """The text of a JSON scalar as the standard encoder writes it, or None for a container or another type."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A mapping key as the standard encoder writes it (``skipkeys`` off)."""
    if isinstance(key, str):
        return _string(key)
    if isinstance(key, float):
        return _string(_float(key))
    if key is True or key is False or key is None:
        return _string("true" if key is True else "false" if key is False else "null")
    if isinstance(key, int):
        return _string(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _encode(value: Any, level: int, parts: _Parts, lines: list[str]) -> None:
    out = parts.append
    kind = type(value)
    if kind is dict or (kind is not list and kind is not tuple and isinstance(value, dict)):
        if not value:
            out("{}")
            return
        inner = _newline(level + 1, lines)
        before = "{" + inner
        between = "," + inner
        for key, item in value.items():
            head = before + (_string(key) if type(key) is str else _key(key)) + ": "
            before = between
            kind = type(item)
            if kind is str:
                out(head + _string(item))
            elif kind is int:
                out(head + int.__repr__(item))
            else:
                text = None if kind is dict or kind is list else _scalar(item)
                if text is not None:
                    out(head + text)
                else:
                    out(head)
                    _encode(item, level + 1, parts, lines)
        out(_newline(level, lines) + "}")
    elif kind is list or kind is tuple or (kind is not str and isinstance(value, (list, tuple))):
        if not value:
            out("[]")
            return
        inner = _newline(level + 1, lines)
        if all(type(item) is str for item in value):
            out("[" + inner + ("," + inner).join(map(_string, value)) + _newline(level, lines) + "]")
            return
        before = "[" + inner
        for item in value:
            out(before)
            before = "," + inner
            _encode(item, level + 1, parts, lines)
            parts.compact()
        out(_newline(level, lines) + "]")
    else:
        text = _scalar(value)
        if text is None:
            raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")
        out(text)
