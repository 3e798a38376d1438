"""The catalogue as documents: `mlgate rules`, `mlgate explain`, docs/rules.md and the README table."""

from __future__ import annotations

import json

from mlgate.catalog import AREAS, RuleMeta, load_catalog


def rules_text() -> str:
    lines = []
    for meta in load_catalog().values():
        rubric = ", ".join(meta.rubric) or "-"
        lines.append(f"{meta.id:28} {meta.severity.value:8} {rubric:28} {meta.title}")
    return "\n".join(lines) + "\n"


def rules_json() -> str:
    return json.dumps([m.to_json() for m in load_catalog().values()], indent=2, ensure_ascii=False) + "\n"


def rules_table(catalog: dict[str, RuleMeta] | None = None) -> str:
    """The compact table for the README."""
    out = ["| Rule | Area | Rubric tests | Severity | What passes |", "|---|---|---|---|---|"]
    for m in (catalog or load_catalog()).values():
        out.append(f"| [`{m.id}`](docs/rules.md#{m.id}) | {m.area} | {', '.join(m.rubric) or '-'} | "
                   f"{m.severity.value} | {m.title} |")
    return "\n".join(out) + "\n"


def _example_md(files: dict[str, str]) -> list[str]:
    out = []
    for path, content in files.items():
        lang = "python" if path.endswith(".py") else "yaml" if path.endswith((".yaml", ".yml")) else (
            "dockerfile" if "Dockerfile" in path else "text")
        out.append(f"`{path}`:\n\n```{lang}\n{content.rstrip()}\n```\n")
    return out


def rule_markdown(m: RuleMeta) -> list[str]:
    out = [f"### {m.id}", "", f"**{m.title}**. Area `{m.area}` ({AREAS[m.area]}); rubric tests: "
           f"{', '.join(m.rubric) or 'none'}; default severity `{m.severity.value}`."]
    if m.action_only:
        out.append("Evaluated only by `mlgate action` (it needs the GitHub API).")
    out += ["", m.rationale, "", f"- **Passes:** {m.passes}", f"- **Fails:** {m.fails}",
            f"- **Fix:** {m.remediation}", f"- **Confidence:** {m.confidence}", ""]
    if m.options:
        out.append("Options (in `.mlgate.yaml` under `rules: {" + m.id + ": {...}}`):\n")
        for name, spec in m.options.items():
            desc = spec.get("description", "") if isinstance(spec, dict) else ""
            default = spec.get("default") if isinstance(spec, dict) else None
            out.append(f"- `{name}` (default `{default}`): {desc}")
        out.append("")
    out.append("<details><summary>Passing example</summary>\n")
    out += _example_md(m.good.files)
    out.append("</details>\n<details><summary>Failing example</summary>\n")
    out += _example_md(m.bad.files)
    out.append("</details>\n")
    return out


def rules_markdown(catalog: dict[str, RuleMeta] | None = None) -> str:
    """docs/rules.md: the full reference, generated from the catalogue."""
    catalog = catalog or load_catalog()
    out = ["# mlgate rule reference", "",
           "Generated from `mlgate/catalog/*.yaml` by `mlgate rules --format markdown`; do not edit by hand.",
           "", "Status: `pass` earns the rule's rubric tests 1 point (automated evidence), `partial` 0.5 "
           "(present but manual or incomplete); `fail`, `not_applicable`, `unknown` and `error` earn 0. "
           "A finding that only makes a rule partial is reported one severity lower.", "",
           "Every finding also has a confidence, apart from its severity: `high` when it is read directly "
           "from the evidence, `medium` when it rests on a convention or a name, `low` when mlgate could not "
           "resolve what it needed. Only findings at or above `fail-confidence` (default `high`) fail the gate "
           "or become review comments; the others are listed, marked, in the reports.", ""]
    for area, words in AREAS.items():
        metas = [m for m in catalog.values() if m.area == area]
        if not metas:
            continue
        out += [f"## {area}: {words}", ""]
        for m in metas:
            out += rule_markdown(m)
    return "\n".join(out).rstrip() + "\n"


def explain_text(m: RuleMeta) -> str:
    out = [f"{m.id}: {m.title}",
           f"area {m.area} ({AREAS[m.area]}) · rubric {', '.join(m.rubric) or 'none'} · severity {m.severity.value}",
           "", "Why it matters:", f"  {m.rationale}", "", "Passes:", f"  {m.passes}", "", "Fails:", f"  {m.fails}",
           "", "How to fix:", f"  {m.remediation}", "", "Confidence:", f"  {m.confidence}", ""]
    if m.options:
        out.append("Options:")
        for name, spec in m.options.items():
            desc = spec.get("description", "") if isinstance(spec, dict) else ""
            out.append(f"  {name} (default {spec.get('default') if isinstance(spec, dict) else None}): {desc}")
        out.append("")
    for label, example in (("Passing example", m.good), ("Failing example", m.bad)):
        out.append(f"{label}:")
        for path, content in example.files.items():
            out.append(f"  --- {path}")
            out.extend(f"  {line}" for line in content.rstrip().splitlines())
        out.append("")
    return "\n".join(out)
