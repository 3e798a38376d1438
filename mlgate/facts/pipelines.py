"""Pipelines: the multi-step pipelines a repository declares (DVC, MLflow projects, KFP, TFX, ZenML, Kedro,
Metaflow). The repository model lists them (mlgate.inventory); rules ask the model."""

from __future__ import annotations

import ast

from mlgate import lazyre
from mlgate.facts.tests import code_files
from mlgate.patterns import SAMPLE_OR_TEST_CODE
from mlgate.repo import Needles, RepoIndex, yaml_line

# a string of each branch of ``_PIPELINE_CODE`` that every match holds: "pipeline" alone, in nearly every module
# of diffusers, had 659 of them read again and searched for the branches (17 MB)
_PIPELINE_NEEDLES = Needles("@pipeline", "@dsl.pipeline", "FlowSpec", "tfx.dsl.Pipeline(", "pipeline.Pipeline(",
                            "register_pipelines(")
_PIPELINE_CODE = lazyre.compile(r"@(?:dsl\.)?pipeline\b|\bclass\s+\w+\s*\(\s*FlowSpec\s*\)|\btfx\.dsl\.Pipeline\(|"
                            r"\bpipeline\.Pipeline\(|def\s+register_pipelines\(")
# The same branches, each searched on its own from its literal (a pattern whose branches begin with `\b`
# or differently is tried at every position of every module that says "pipeline": 3% of a diffusers scan);
# True: the branch began with `\b`, checked by hand before the match.
# The third: a string every match holds, so that a branch whose string the text lacks is not searched (diffusers'
# modules each hold dozens of `class` and `@` that the FlowSpec and decorator branches were tried at).
_PIPELINE_BRANCHES = (
    (lazyre.compile(r"@(?:dsl\.)?pipeline\b"), False, "pipeline"),
    (lazyre.compile(r"class\s+\w+\s*\(\s*FlowSpec\s*\)"), True, "FlowSpec"),
    (lazyre.compile(r"tfx\.dsl\.Pipeline\("), True, "tfx.dsl.Pipeline("),
    (lazyre.compile(r"pipeline\.Pipeline\("), True, "pipeline.Pipeline("),
    (lazyre.compile(r"def\s+register_pipelines\("), False, "register_pipelines("),
)
_WORD_CHAR = lazyre.compile(r"\w")


def _pipeline_code_at(text: str, begin: int = 0) -> int | None:
    """Where ``_PIPELINE_CODE.search(text, begin)`` would match (the leftmost start of any branch), or None."""
    best: int | None = None
    for pattern, bounded, spelled in _PIPELINE_BRANCHES:
        if spelled not in text:
            continue
        pos = begin
        while (m := pattern.search(text, pos)) is not None and (best is None or m.start() < best):
            start = m.start()
            if bounded and start and _WORD_CHAR.match(text, start - 1):
                pos = start + 1
                continue
            best = start
            break
    return best




def pipeline_declarations(index: RepoIndex) -> list[tuple[str, int | None, str]]:
    """(path, line, what) of every multi-step pipeline, in the order found: dvc.yaml files with two stages or
    more, MLproject files, and Python that defines a pipeline (a KFP or ZenML ``@pipeline``, a Metaflow
    ``FlowSpec``, a TFX or Kedro pipeline)."""
    return index.memo("pipeline-declarations", lambda: _pipelines(index))


def _pipelines(index: RepoIndex) -> list[tuple[str, int | None, str]]:
    out: list[tuple[str, int | None, str]] = []
    for path in index.named("dvc.yaml"):
        for doc in index.yaml(path):
            stages = doc.get("stages") if isinstance(doc, dict) else None
            if isinstance(stages, dict) and len(stages) >= 2:
                out.append((path, yaml_line(doc, "stages"), f"{len(stages)}-stage DVC pipeline"))
    for path in index.named("MLproject"):
        out.append((path, None, "MLflow project"))
    for path in index.containing((p for p in code_files(index) if p.endswith(".py")), _PIPELINE_NEEDLES):
        if not SAMPLE_OR_TEST_CODE.search(path):
            text = index.text(path) or ""
            at = _pipeline_code_at(text)
            while at is not None:
                line = text.count("\n", 0, at) + 1
                if _in_code(index, path, line, at - text.rfind("\n", 0, at) - 1):
                    out.append((path, line, "pipeline definition"))
                    break
                at = _pipeline_code_at(text, at + 1)
    return out


_CODE_NODES: tuple[type[ast.stmt | ast.expr], ...] = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.Call,
                                                      ast.Name, ast.Attribute)


def _in_code(index: RepoIndex, path: str, line: int, col: int) -> bool:
    """The pattern found at ``line``, ``col`` is code (a class, a decorator, a call), not a docstring or a
    comment: the orchestrator's own source shows `class MyFlow(FlowSpec):` in its docstrings."""
    src = index.python(path, keep=False)
    if src is None:
        return True  # unparsable: keep what the text says
    return any(n.lineno == line and n.col_offset <= col + 1
               and ((n.end_lineno or line) > line or (n.end_col_offset or 0) > col) for n in src.of_types(*_CODE_NODES))
