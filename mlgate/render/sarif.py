"""SARIF 2.1.0 for GitHub code scanning: one descriptor per rule, a location for every result,
line-free fingerprints, suppressions for waived and ignored findings."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from mlgate import DOCS_RULES_URL, PROJECT_URL
from mlgate.catalog import RuleMeta, load_catalog
from mlgate.model import Confidence, Report, ReportedFinding, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_RANK = {Confidence.HIGH: 90.0, Confidence.MEDIUM: 60.0, Confidence.LOW: 30.0}


def _camel(rule_id: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule_id))


def _descriptor(meta: RuleMeta) -> dict[str, Any]:
    help_md = (f"**{meta.title}** ({', '.join(meta.rubric) or 'no rubric test'})\n\n{meta.rationale}\n\n"
               f"**Passes:** {meta.passes}\n\n**Fails:** {meta.fails}\n\n**Fix:** {meta.remediation}")
    return {
        "id": meta.id,
        "name": _camel(meta.id),
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.rationale},
        "help": {"text": f"{meta.rationale}\n\nFix: {meta.remediation}", "markdown": help_md},
        "helpUri": f"{DOCS_RULES_URL}#{meta.id}",
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {"tags": ["ml-test-score", meta.area, *meta.rubric], "precision": meta.precision},
    }


def _result(f: ReportedFinding, index: int, prefix: str) -> dict[str, Any]:
    message = f.message + (f" ({f.cell_place()})" if f.cell is not None else "") + f"\nFix: {f.remediation}"
    out: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": quote(prefix + f.path), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": f.line or 1},
            }
        }],
        "partialFingerprints": {"mlgateFingerprint/v1": f.fingerprint},
        # rank: SARIF's result relevance (0 to 100), from the confidence; GitHub code scanning sorts by the
        # rule's precision (its descriptor's properties), and the finding's own confidence is kept here.
        "rank": _RANK[f.confidence],
        "properties": {"level": f.level.value, "confidence": f.confidence.value, "scope": f.scope.value},
    }
    if f.suppressed:
        kind = "inSource" if f.suppressed.startswith("inline") else "external"
        out["suppressions"] = [{"kind": kind, "justification": f.suppressed}]
    return out


def to_dict(report: Report) -> dict[str, Any]:
    catalog = load_catalog()
    ids = list(catalog)
    position = {rid: i for i, rid in enumerate(ids)}
    results = [_result(f, position[f.rule_id], report.path_prefix) for f in report.findings()
               if f.rule_id in position]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mlgate",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": PROJECT_URL,
                "rules": [_descriptor(catalog[rid]) for rid in ids],
            }},
            "automationDetails": {"id": "mlgate/"},
            "results": results,
            "properties": {
                "mlTestScore": report.score.score,
                "band": report.score.band,
                "sections": dict(report.score.sections),
            },
        }],
    }


def render(report: Report) -> str:
    from mlgate.render.json import dumps

    return dumps(to_dict(report)) + "\n"
