"""The catalogue as documents: `mlgate rules`, `mlgate explain`, docs/rules.md and the README table."""

from __future__ import annotations

import json
import textwrap

from mlgate import DOCS_RULES_URL
from mlgate.catalog import AREAS, RuleMeta, load_catalog


def rules_text(metas: list[RuleMeta] | None = None) -> str:
    """`mlgate rules`: one line per rule under a header, columns as wide as their longest cell."""
    metas = list(load_catalog().values()) if metas is None else metas
    header = ("RULE", "AREA", "SEVERITY", "RUBRIC TESTS", "WHAT PASSES")
    rows = [(m.id, m.area, m.severity.value, ", ".join(m.rubric) or "-", m.title) for m in metas]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1] + "\n"
                   for row in [header, *rows])


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
            f"- **Fix:** {m.remediation}", f"- **Confidence:** {m.confidence}"]
    if m.kinds:
        out.append("- **By project kind** (others as in [Project kinds](#project-kinds)): "
                   + " ".join(f"*{kind}*: {text}" for kind, text in m.kinds.items()))
    out.append("")
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
    out += ["## Project kinds", "",
            "`mlgate inventory` says what kind of project mlgate took the repository to be, and why. How each "
            "kind is judged by every rule (a rule that differs says so under *By project kind*):", ""]
    from mlgate.catalog import kinds_yaml

    out += [f"- **{kind}**: {' '.join(str(text).split())}" for kind, text in kinds_yaml()["general"].items()]
    out.append("")
    for area, words in AREAS.items():
        metas = [m for m in catalog.values() if m.area == area]
        if not metas:
            continue
        out += [f"## {area}: {words}", ""]
        for m in metas:
            out += rule_markdown(m)
    return "\n".join(out).rstrip() + "\n"


def hooks_running(rule_id: str) -> list[str]:
    """The pre-commit hooks that check a rule on the files being committed (the `mlgate` hook runs all)."""
    from mlgate.hooks import HOOKS

    return [h.id for h in HOOKS.values() if rule_id in h.rules]


def explain_text(m: RuleMeta, *, width: int = 100) -> str:
    """`mlgate explain`: prose wrapped to ``width`` columns; examples kept as they are."""
    def para(text: str) -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent="  ", subsequent_indent="  ",
                             break_on_hyphens=False, break_long_words=False) or [""]

    out = [*textwrap.wrap(f"{m.id}: {m.title}", width=width, subsequent_indent="  "),
           f"area {m.area} ({AREAS[m.area]}) · rubric {', '.join(m.rubric) or 'none'} · severity {m.severity.value}",
           f"docs: {DOCS_RULES_URL}#{m.id}", ""]
    out += ["Why it matters:", *para(m.rationale), "", "Passes:", *para(m.passes), "", "Fails:", *para(m.fails),
            "", "How to fix:", *para(m.remediation), "", "Confidence:", *para(m.confidence), ""]
    if m.kinds:
        out.append("By project kind (see `mlgate inventory`):")
        for kind, text in m.kinds.items():
            out += para(f"{kind}: {text}")
        out.append("")
    hooks = hooks_running(m.id)
    if m.action_only:
        runs = "only `mlgate action` (it needs the GitHub API); no pre-commit hook."
    elif hooks:
        runs = (f"`mlgate check`, the pre-commit hook{'s' if len(hooks) > 1 else ''} "
                + ", ".join(f"`{h}`" for h in hooks) + " on the files being committed, and the `mlgate` hook "
                "(the whole gate, on push).")
    else:
        runs = "`mlgate check` and the `mlgate` pre-commit hook (the whole gate, on push); no per-file hook."
    out += ["Run by:", *para(runs), ""]
    out += ["How to silence it:",
            *para(f"everywhere: `rules: {{{m.id}: off}}` in .mlgate.yaml (or `--ignore {m.id}` for one run); "
                  f"on one line: `# mlgate: ignore[{m.id}] <reason>` on that line or the line above; for some "
                  f"paths: a waiver in .mlgate.yaml (`waivers: [{{rule: {m.id}, paths: [...], reason: ...}}]`). "
                  "Silenced findings never earn score credit."), ""]
    if m.options:
        out.append("Options:")
        for name, spec in m.options.items():
            desc = spec.get("description", "") if isinstance(spec, dict) else ""
            default = spec.get("default") if isinstance(spec, dict) else None
            out += para(f"{name} (default {default}): {desc}")
        out.append("")
    for label, example in (("Passing example", m.good), ("Failing example", m.bad)):
        out.append(f"{label}:")
        for path, content in example.files.items():
            out.append(f"  --- {path}")
            out.extend(f"  {line}" for line in content.rstrip().splitlines())
        out.append("")
    return "\n".join(out)
