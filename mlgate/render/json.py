"""The JSON report (schema: mlgate/schemas/report.schema.json)."""

from __future__ import annotations

import json
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
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
