"""Model-spec review rules."""

from __future__ import annotations

import ast
import itertools
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from mlgate import lazyre
from mlgate.cache import sha256
from mlgate.facts.automation import Run, runs_of
from mlgate.facts.ci import ci_reached
from mlgate.facts.codeowners import codeowners
from mlgate.facts.evaluation import METRIC_TEXT, metric_call
from mlgate.facts.project import foreign_copyright, short
from mlgate.facts.provenance import TEST_DIRS, dvc_stages, in_dirs, model_cards, substantive
from mlgate.facts.pycode import (
    PULL_REQUEST_EVENTS,
    _per_source,
    aliases,
    calls,
    ci_run_test_files,
    ci_smoke_training,
    dotted,
    file_repo_imports,
    given_baseline,
    given_keywords,
    import_reached,
    qualify,
    scripts_in,
    tests_reaching,
)
from mlgate.facts.python import import_names, repo_imports, resolve_module
from mlgate.facts.specs import (
    CODE_KINDS,
    CONFIG_ROOTS,
    PARAMS_NAMES,
    TRAIN_NAME,
    exporter,
    hydra_config_dirs,
    model_class_names,
)
from mlgate.facts.tests import code_files, is_test_file, test_files
from mlgate.inventory import Component
from mlgate.model import Confidence, Finding, Level, Outcome, Scope, Status
from mlgate.patterns import matches
from mlgate.records import dataclass
from mlgate.repo import MAX_YAML_BYTES, Needles, PySource, RepoIndex, parent_dir, walk_nodes, yaml_line
from mlgate.rules.base import Context, RuleFn, outcome_from_findings


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] + "/" if "/" in path else ""


def _owner_line(folder: str, paths: list[str]) -> str:
    target = f"/{folder}" if folder else f"/{paths[0]}"
    return f"{target} @<org>/<ml-reviewers>"


def _names(paths: list[str]) -> str:
    shown = ", ".join(p.rsplit("/", 1)[-1] for p in paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def codeowners_rule(ctx: Context) -> Outcome:
    specs = ctx.model.specification
    if not specs:
        return outcome_from_findings([], checked=0, what="model-spec files")
    owners = codeowners(ctx.index)
    paths = [s.path for s in specs]
    if owners is None:
        first = paths[0]
        return outcome_from_findings(
            [Finding(first, None, f"no CODEOWNERS file: {len(paths)} model-spec files ({_names(paths)}) have no "
                     "required reviewer", key="no CODEOWNERS", scope=Scope.REPOSITORY,
                     covers=tuple(sorted({f"unowned {_folder(p)}" for p in paths})),
                     remediation="Add `.github/CODEOWNERS` naming who reviews model changes, e.g. "
                     f"`{_owner_line(_folder(first), paths)}`, and turn on \"Require review from Code Owners\".")],
            checked=len(paths), what="model-spec files")
    unowned: dict[str, list[str]] = defaultdict(list)
    unassigned: dict[tuple[str, int], list[str]] = defaultdict(list)
    catch_all: dict[int, list[str]] = defaultdict(list)
    owned: list[str] = []
    for path in paths:
        rule = owners.rule_for(path)
        if rule is None:
            unowned[_folder(path)].append(path)
        elif not rule.owners:
            unassigned[(_folder(path), rule.line)].append(path)
        elif rule.pattern in ("*", "/*", "**", "/**"):
            catch_all[rule.line].append(path)
        else:
            owned.append(path)
    findings: list[Finding] = []
    for folder, group in sorted(unowned.items()):
        findings.append(Finding(
            group[0], None, f"{len(group)} model-spec file{'s' if len(group) > 1 else ''} in {folder or 'the root'} "
            f"({_names(group)}) {'have' if len(group) > 1 else 'has'} no code owner in {owners.path}",
            key=f"unowned {folder}", suggestion=_owner_line(folder, group), scope=Scope.REPOSITORY,
            remediation=f"Add a line to {owners.path}: `{_owner_line(folder, group)}`."))
    for (folder, line), group in sorted(unassigned.items()):
        findings.append(Finding(
            group[0], None, f"{owners.path} line {line} leaves {_names(group)} without an owner (a pattern with no "
            "owners unassigns the files it matches)", key=f"unassigned {folder}", scope=Scope.REPOSITORY,
            remediation=f"Give the pattern on {owners.path} line {line} an owner, or add a later line "
            f"`{_owner_line(folder, group)}`."))
    for line, group in sorted(catch_all.items()):
        findings.append(Finding(
            group[0], None, f"{len(group)} model-spec files ({_names(group)}) are owned only by the catch-all `*` "
            f"rule ({owners.path} line {line})", level=Level.PARTIAL, key="catch-all",
            remediation="Name the ML reviewers for model code and configs explicitly, e.g. "
            f"`{_owner_line(_folder(group[0]), group)}` after the `*` line."))
    return outcome_from_findings(findings, checked=len(paths), what="model-spec files",
                                 evidence=[owners.path, *owned])


RULES: dict[str, RuleFn] = {
    "spec-codeowners": codeowners_rule,
}


# ---------------------------------------------------------------------------------- spec-in-vcs
_SPEC_PROBES = (
    "params.yaml",
    "params.json",
    "MLproject",
    "dvc.yaml",
    "dvc.lock",
    "train.py",
    "configs/model/default.yaml",
    "conf/model/default.yaml",
    "config/model/default.yaml",
    "cfg/model/default.yaml",
    "configs/train.yaml",
    "conf/config.yaml",
)
_CONFIG_REF = lazyre.compile(r"\.(ya?ml|json|toml)$")


def ignored_by(index: RepoIndex, path: str) -> tuple[str, int, str] | None:
    """(.gitignore file, line, pattern) that ignores ``path`` (git's order: last match wins, deeper files
    override shallower ones), or None when it is not ignored."""
    hit: tuple[str, int, str] | None = None
    parts = path.split("/")
    for depth in range(len(parts)):
        folder = "/".join(parts[:depth])
        gi = f"{folder}/.gitignore" if folder else ".gitignore"
        if not index.exists(gi):
            continue
        rel = "/".join(parts[depth:])
        for lineno, raw in enumerate(index.lines(gi), start=1):
            line = raw.rstrip()
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            pattern = line[1:] if negated else line
            if matches(pattern, rel):
                hit = None if negated else (gi, lineno, line)
    return hit


def _spec_kind(spec: Component) -> str:
    """What the model-spec discovery took a component of the model's specification for (model, entrypoint,
    training, notebook, params, config, mlproject, pipeline, configured)."""
    return "model" if spec.kind == "model" else spec.mode


_CONFIG_WORDS = ("yaml", "yml", "json", "toml", "hydra")  # what a referenced config's string or Hydra spells


def _config_refs(path: str, sources: list[PySource]) -> tuple[tuple[str, int | None], ...] | None:
    """The config files a module names (a string ending in .yaml/.json/.toml, as the repository path it
    resolves to, and its line; then Hydra's config directories), in the order the rule reads them: a
    summary, so the module's tree need not be kept (or parsed again) for spec-in-vcs. None: no module."""
    if len(sources) != 1 or sources[0].cell is not None:
        return None
    src = sources[0]
    if not any(w in src.text for w in _CONFIG_WORDS):
        return ()  # no string can end in a config suffix, and no Hydra
    out: list[tuple[str, int | None]] = []
    base = parent_dir(path)
    for node in src.of_types(ast.Constant):
        value = node.value
        if (
            isinstance(value, str)
            and _CONFIG_REF.search(value)
            and len(value) < 200
            and "\n" not in value
            and "://" not in value
        ):
            raw = value.lstrip("./") if value.startswith("./") else value
            name = raw.rsplit("/", 1)[-1]
            inside = any(p in CONFIG_ROOTS for p in raw.split("/")[:-1])
            if not (PARAMS_NAMES.match(name) or inside):
                continue
            line = getattr(node, "lineno", None)
            for cand in (raw, posixpath.normpath(posixpath.join(base, raw)) if base else raw):
                out.append((cand, line))
    for folder, config_name in hydra_config_dirs(src):
        if config_name:
            out.append((f"{folder}/{config_name}.yaml" if folder else f"{config_name}.yaml", None))
    return tuple(out)


# a file that spells none of _CONFIG_WORDS names no config: () without a parse (what _config_refs gives a
# module; a notebook's None, which spec-in-vcs reads as (), likewise)
RepoIndex.summariser("spec-config-refs", _config_refs, needles=(Needles(*_CONFIG_WORDS),), absent=(), at_drop=False)


def _referenced_configs(ctx: Context, specs: tuple[Component, ...]) -> dict[str, tuple[str, int | None]]:
    """Config files that model code or the training pipeline reads: path -> (who reads it, line)."""
    refs: dict[str, tuple[str, int | None]] = {}
    index = ctx.index
    for spec in specs:
        if _spec_kind(spec) not in CODE_KINDS or not spec.path.endswith(".py"):
            continue
        for cand, line in index.summary("spec-config-refs", spec.path) or ():
            refs.setdefault(cand, (spec.path, line))
    for stage in dvc_stages(index):
        for p in stage.params_files:
            refs.setdefault(p, (stage.dvcfile, stage.line))
    return refs


def in_vcs_rule(ctx: Context) -> Outcome:
    index = ctx.index
    specs = ctx.model.specification
    if not specs:
        return outcome_from_findings([], checked=0, what="model-spec files")
    findings: list[Finding] = []
    reported: set[tuple[str, int]] = set()
    refs = _referenced_configs(ctx, specs)
    produced = {o.path for st in dvc_stages(index) for o in st.outs}
    for path, (reader, line) in sorted(refs.items()):
        if index.exists(path) or path in produced or posixpath.isabs(path) or path.startswith(".."):
            continue
        hit = ignored_by(index, path)
        if hit is None or (hit[0], hit[1]) in reported:
            continue
        reported.add((hit[0], hit[1]))
        where = f"{reader}:{line}" if line else reader
        findings.append(
            Finding(
                hit[0],
                hit[1],
                f"`{hit[2]}` ignores {path}, which {where} reads: the model's configuration is not "
                "in version control",
                key=f"ignored {path}",
                remediation=f"Remove `{hit[2]}` from {hit[0]} (or add `!{path}` after it) and commit {path}.",
            )
        )
    # a published library's model configuration is its users' (axolotl ignores the `configs` folder they run
    # it with, and tracks its own example configs): a file that would be there is no evidence of a hidden spec
    for probe in _SPEC_PROBES if not ctx.model.is_library else ():
        if index.exists(probe):
            continue
        hit = ignored_by(index, probe)
        if hit is None or (hit[0], hit[1]) in reported:
            continue
        root = probe.split("/")[0]
        if root in CONFIG_ROOTS and any(s.path.startswith(root + "/") for s in specs):
            continue  # the config tree is tracked (a negation keeps it): only local overrides are ignored
        pattern = hit[2].strip("/*")
        if not (
            PARAMS_NAMES.match(pattern.rsplit("/", 1)[-1])
            or pattern.split("/")[0] in CONFIG_ROOTS
            or pattern in ("MLproject", "dvc.yaml", "dvc.lock", "train.py")
        ):
            continue  # a broad pattern (*.yaml) that happens to match: not evidence of a hidden spec
        reported.add((hit[0], hit[1]))
        findings.append(
            Finding(
                hit[0],
                hit[1],
                f"`{hit[2]}` keeps model configuration ({probe}) out of version control",
                key=f"ignored {hit[2]}",
                remediation=f"Remove `{hit[2]}` from {hit[0]} and commit the model's configuration; keep "
                            "only "
                "machine-local overrides ignored (e.g. `configs/local/`).",
            )
        )
    code = [s for s in specs if _spec_kind(s) in CODE_KINDS]
    notebooks = [s for s in specs if _spec_kind(s) == "notebook"]
    if notebooks and not code:
        nb = notebooks[0]
        others = f" (and {len(notebooks) - 1} more notebooks)" if len(notebooks) > 1 else ""
        findings.append(
            Finding(
                nb.path,
                nb.line,
                f"the model is defined and trained only in notebook {nb.path}{others}: its code "
                "cannot be reviewed as a diff, imported by tests or run by a pipeline",
                level=Level.PARTIAL,
                key="notebook-only model",
                cell=nb.cell,
                scope=Scope.REPOSITORY,
                confidence=Confidence.MEDIUM,
                remediation="Move the model definition and training loop into a module (e.g. "
                            "`src/<pkg>/train.py` "
                "with a `main()`), read hyperparameters from a tracked params.yaml, and keep the notebook "
                "for "
                "exploration.",
            )
        )
    return outcome_from_findings(
        findings, checked=len(specs), what="model-spec files", evidence=[s.path for s in specs][:20]
    )


# ---------------------------------------------------------------------------------- spec-unit-tested
def _code_confidence(code: Component) -> Confidence:
    """A model module (a model class, a training call) is high confidence; a script taken for training
    code only because of its name (train*.py) is medium (the model keeps the discovery's reading in ``why``)."""
    return Confidence.MEDIUM if code.why == "training script by name" else Confidence.HIGH


def _ci_test_files(ctx: Context) -> tuple[set[str], set[str]]:
    """(test files CI runs on every change, test files CI runs only by hand or on a clock)."""
    return ci_run_test_files(ctx.index)


def unit_tested_rule(ctx: Context) -> Outcome:
    index = ctx.index
    # the model's own code: its model definitions, or (none defined here: a scikit-learn or XGBoost model
    # built in a script) the code that trains it; both from the repository model
    # (a managed job's launcher whose job runs another of them, named in its ``name``, is judged through that one)
    code = [c for c in ctx.model.training_code if c.mode != "notebook"]
    models = list(ctx.model.models) or [c for c in code if not (c.name and any(o.path == c.name for o in code))]
    notebooks = [c for c in ctx.model.training_code if c.mode == "notebook"]
    if not models:
        if notebooks:
            nb = notebooks[0]
            return outcome_from_findings(
                [
                    Finding(
                        nb.path,
                        nb.line,
                        "the model exists only in a notebook, so no test can import it",
                        cell=nb.cell,
                        key="notebook-only model",
                        scope=Scope.REPOSITORY,
                        confidence=Confidence.MEDIUM,
                        remediation="Move the model into a module and add a test that runs one training "
                                    "step on random "
                        "data (assert the loss is finite and decreases).",
                    )
                ],
                checked=1,
                what="model modules",
            )
        return outcome_from_findings([], checked=0, what="model modules")
    # model path -> the tests whose imports reach it (each test's import closure, read in one pass)
    covered = tests_reaching(index, test_files(index), [m.path for m in models])
    smoke, full_runs = _smoke_trained(ctx, models)
    ran_by_ci = _ci_exercised(ctx, [m for m in models if m.path not in covered and m.path not in smoke])
    ci_change, ci_other = _ci_test_files(ctx)
    findings: list[Finding] = []
    tested = [m for m in models if m.path in covered or m.path in smoke]
    copies = _identical_copies(index, models, {m.path for m in tested})
    # a file that repeats a tested module byte for byte is tested with it (a class copied alone may lean on
    # helpers of its own module that differ)
    tested += [m for m in models if m not in tested and m.path in copies and copies[m.path][1]
               and copies[m.path][0] in covered]
    blocks = _building_blocks(index, [m for m in models if m not in tested])
    not_in_ci: dict[str, list[str]] = {}
    trained: set[str] | None = None  # the training code and the repository modules it imports, when asked
    for m in models:
        tests = covered.get(m.path)
        what = f"{m.name} ({m.path})" if m.kind == "model" else m.path
        if m.path in smoke or (m in tested and not tests):
            continue
        if not tests:
            # a file whose header names another copyright holder than the repository's licence is most
            # likely a copy of another project's model: said, and not sure enough to fail the gate alone
            other = foreign_copyright(index, m.path)
            copied = f" (its header names {other} as copyright holder: a copy of another project?)" if other else ""
            # a full training run that pull requests start may be a slow smoke test: said, not failed on
            full = full_runs.get(m.path)
            ran = (f"; CI runs its training in full before a change is merged ({full}), which fails on a crash "
                   "but checks no loss") if full else ""
            # a command that CI runs on every pull request and that reaches the model (demucs separates test.mp3
            # with a small test model through `python3 -m demucs -n demucs_unittest test.mp3`): a smoke test of
            # the model's code, said, not failed on
            exercised = ran_by_ci.get(m.path) if not full else None
            ran += (f"; CI runs it on every pull request ({exercised}), which fails on a crash but checks no result"
                    if exercised else "")
            # a building block of untested models: their findings say what to test
            block = blocks.get(m.path)
            within = f", a building block ({block}) of models that no test imports either" if block else ""
            # an identical copy of another model module (a submission bundle's copy beside the weights): the
            # original's finding is the one to fix, and a test of it would leave the copy untested by import
            copy_of = copies[m.path][0] if m.path in copies else None
            copied += f" (a word-for-word copy of the one in {copy_of}, reported there)" if copy_of else ""
            # a module that exports the model (`torch.onnx.export`), trains nothing and is imported by no training
            # code: its classes adapt a model trained elsewhere (a pretrained encoder, a detector's checkpoint) to
            # the deployment format; a test of their output is fair, a training step is not, and whether the
            # adapter is the model's specification is not sure enough to fail the gate
            export = exporter(index, m.path) if m.kind == "model" else None
            if export and trained is None:
                trained = {p for c in ctx.model.training_code for p in (c.path, *repo_imports(index, c.path))}
            export = export if trained is None or m.path not in trained else None
            ran += (f"; its module exports it with `{export}` and trains nothing: an adapter of a model trained "
                    "elsewhere") if export else ""
            findings.append(
                Finding(
                    m.path,
                    m.line,
                    f"no test imports {what}{within}{copied}{ran}",
                    level=Level.PARTIAL if tested else Level.FAIL,
                    key=f"untested {m.path}",
                    confidence=Confidence.MEDIUM if other or full or exercised or block or copy_of or export
                    else _code_confidence(m),
                    remediation=f"Add a test that builds {m.name} from {m.path}, runs it on a random input and "
                    "compares its output with the wrapped model's (shapes, values, the exported graph's output); "
                    "run it with pytest in CI." if export else
                    f"Add a test that builds {m.name if m.kind == 'model' else 'the model'} "
                                "from "
                    f"{m.path}, runs one training step on a few random rows and asserts the loss is finite "
                    "and "
                    "decreases; run it with pytest in CI.",
                )
            )
            continue
        if not any(t in ci_change for t in tests):
            not_in_ci.setdefault(tests[0], []).append(m.name if m.kind == "model" else m.path)
    for test, names in sorted(not_in_ci.items()):
        how = "only by hand or on a schedule" if test in ci_other else "in no CI job"
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        findings.append(
            Finding(
                test,
                None,
                f"{test} tests {shown} but runs {how}",
                level=Level.PARTIAL,
                key="test not in CI",
                confidence=Confidence.MEDIUM,
                remediation=f"Run {test} on every pull request, e.g. a workflow step `run: pytest` under "
                "`on: [push, pull_request]`.",
            )
        )
    out = outcome_from_findings(
        findings,
        checked=len(models),
        what="model modules",
        evidence=sorted({t for m in tested for t in covered.get(m.path, ())} | set(smoke.values()))[:20],
    )
    if out.status is Status.PASS:
        return Outcome(out.status, out.summary, out.findings, out.evidence, automated=True)
    return out


# a command that only asks a program about itself imports the model and runs none of it
_NO_RUN = lazyre.compile(r"(?:^|\s)(?:-h|--help|--version|-V|--list[\w-]*)(?=\s|$)")


def _ci_exercised(ctx: Context, models: list[Component]) -> dict[str, str]:
    """Model path -> the command that a CI job runs before a change is merged (a pull request's run) and that
    reaches the model by import (a program of the repository's, not a test or a training entrypoint, which the
    tests and ``_smoke_trained`` cover): demucs' workflow separates test.mp3 through `make test_eval` ->
    `python3 -m demucs -n demucs_unittest test.mp3`. Not a command that only asks for help, a version or a
    list, nor one that runs only after the merge (a push to main)."""
    targets = [m.path for m in models]
    if not targets:
        return {}
    training = {c.path for c in ctx.model.training}
    out: dict[str, str] = {}
    for job, r in ci_reached(ctx.index):
        if not job.on_change or not job.triggers & PULL_REQUEST_EVENTS or _NO_RUN.search(r.command):
            continue
        entries = sorted(p for p in scripts_in(ctx.index, r.command, r.cwd)
                         if not is_test_file(p) and p not in training)
        if not entries:
            continue
        for path in [*(e for e in entries if e in targets), *import_reached(ctx.index, entries, targets)]:
            out.setdefault(path, short(r.chain_text(), 80))
    return out


def _identical_copies(index: RepoIndex, models: list[Component], tested: set[str]) -> dict[str, tuple[str, bool]]:
    """Model module -> (the model module that defines the same model class in the same words, or for training
    code holds the same text; whether the two files are the same byte for byte): Lyra-ll/Hull-Tactical-Kaggle-
    Solution's export_bundle.py copies encoder.py into each Kaggle submission bundle beside the weights. The
    original is a tested one, else a file rather than a symbolic link, else the shallowest: a recipe that links
    another's model.py (asteroid's egs/kinect-wsj/DeepClustering/model.py -> ../../wsj0-mix/...) holds the same
    file, whose finding the engine reports at the target only, so the target is never "a copy of" its link.
    Asked only of names defined in two files or more; only the fingerprints of the texts are kept here."""
    named: dict[str, list[Component]] = defaultdict(list)
    for m in models:
        named[m.name].append(m)
    groups: dict[str, list[str]] = defaultdict(list)
    whole: dict[str, str] = {}
    for name, same in named.items():
        if len({m.path for m in same}) < 2:
            continue
        for m in same:
            text = index.text(m.path)
            if not text:
                continue
            whole[m.path] = sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            part = _class_lines(text, m.line) if m.kind == "model" else text
            if part:
                groups[name + "\0" + sha256(part.encode("utf-8", "surrogatepass")).hexdigest()].append(m.path)
    out: dict[str, tuple[str, bool]] = {}
    for paths in groups.values():
        paths = list(dict.fromkeys(paths))
        if len(paths) > 1:
            first = min(paths, key=lambda p: (p not in tested, index.link_target(p) is not None, p.count("/"), p))
            out.update((p, (first, whole[p] == whole[first])) for p in paths if p != first)
    return out


def _class_lines(text: str, line: int | None) -> str | None:
    """The lines of the class defined at ``line``: to the next line indented no deeper, trailing blank lines
    left out (read from the text: the module is not parsed again for it)."""
    lines = text.splitlines()[line - 1:] if line else []
    if not lines or not lines[0].lstrip().startswith("class "):
        return None
    indent = len(lines[0]) - len(lines[0].lstrip())
    end = next((i for i, ln in enumerate(lines[1:], start=1)
                if ln.strip() and not ln.lstrip().startswith("#") and len(ln) - len(ln.lstrip()) <= indent), len(lines))
    return "\n".join(lines[:end]).rstrip()


def _building_blocks(index: RepoIndex, untested: list[Component]) -> dict[str, str]:
    """Model module -> where it sits, for the untested model modules that are building blocks: under a folder of
    layers (`modules/`, `layers/`, `blocks/`) or named for them (`nn.py`, `util.py`, `ema.py`, `attention.py`,
    `activations.py`), or imported by another untested model module, by name or with `import *` (Informer2020's
    models/encoder.py, attn.py and embed.py, which its models/model.py imports to build `Informer`; ImageBind's
    helpers and transformer modules; yolov7's models/common.py, which models/yolo.py star-imports), where other
    untested model modules are not (stable-diffusion's ldm/modules/diffusionmodules/util.py, whose first module
    is `SiLU`, beside the `DDPM` of ldm/models/diffusion/ddpm.py). A test of those models would build them too:
    the models' findings say what to test, and the blocks are listed beside them, not failing the gate each."""
    blocks: dict[str, str] = {}
    importers = _model_importers(index, [m.path for m in untested if m.kind == "model"])
    for m in untested:
        found = _BLOCK_PLACE.search(m.path) if m.kind == "model" else None
        if found:
            place = found.group(0).lstrip("/")
            blocks[m.path] = f"in `{place}`" if place.endswith("/") else f"`{place}`"
        elif m.path in importers:
            blocks[m.path] = f"imported by {importers[m.path]}"
    if not any(m.kind == "model" and m.path not in blocks for m in untested):
        return {}
    return blocks


def _model_importers(index: RepoIndex, paths: list[str]) -> dict[str, str]:
    """Model module -> another of ``paths`` that imports one of its model classes by name (`from models.encoder
    import Encoder, ConvLayer`), preferring one that no other of them imports (the model at the top). A module
    imported for something else (lightning's demos/lstm.py takes the `WikiText2` dataset from demos/transformer.py)
    is no part of the importer's model."""
    wanted = set(paths)
    found: dict[str, list[str]] = {}
    for path in paths:
        for name in import_names(index, path):
            module, _, last = name.rpartition(".")
            target = resolve_module(index, module, path) if module and last else None
            # a star import (yolov7's models/yolo.py: `from models.experimental import *`) takes every class
            if target in wanted and target != path and path not in found.get(target, []) \
                    and (last in model_class_names(index, target) if last != "*" else model_class_names(index, target)):
                found.setdefault(target, []).append(path)
    return {target: next((p for p in by if p not in found), by[0]) for target, by in found.items()}


_BLOCK_PLACE = lazyre.compile(r"(?:^|/)(?:modules|layers|blocks|components|ops)/|"
                              r"(?:^|/)(?:utils?|layers|blocks|modules|nn|ema|attention|ops|activations?)\.py$")


def _smoke_trained(ctx: Context, models: list[Component]) -> tuple[dict[str, str], dict[str, str]]:
    """Model path -> the CI smoke training run that trains it on every change (`python
    training/run_experiment.py --model_class=CNN --max_epochs=1`, from a test script): the modules the
    training entrypoint imports, and those of the model classes its options name (a class it loads by name);
    and model path -> the full training run that pull requests start (``SmokeRun.full``), for the others."""
    targets = [m.path for m in models]
    # a model's own module run as a script (optuna-examples' pytorch_ignite_simple.py defines `Net` and trains it)
    runs = ci_smoke_training(ctx.index, [*(c.path for c in ctx.model.training), *targets])
    by_name = {m.name: m.path for m in models if m.kind == "model"}
    out: dict[str, str] = {}
    full: dict[str, str] = {}
    for run in runs:
        roots = [run.entry, *sorted({by_name[v] for v in run.values if v in by_name})]
        for path in [*(r for r in roots if r in targets), *import_reached(ctx.index, roots, targets)]:
            if run.full:
                full.setdefault(path, short(run.chain, 80))
            else:
                out.setdefault(path, f"trained by CI: {run.chain}")
    return out, {p: c for p, c in full.items() if p not in out}


# ---------------------------------------------------------------------------------- spec-hparam-search
_SEARCH_CALLS = {
    "optuna": {"create_study", "load_study"},
    "ray": {"Tuner", "run"},
    "hyperopt": {"fmin"},
    "sklearn": {"GridSearchCV", "RandomizedSearchCV", "HalvingGridSearchCV", "HalvingRandomSearchCV"},
    "skopt": {"BayesSearchCV", "gp_minimize", "forest_minimize"},
    "keras_tuner": {"RandomSearch", "Hyperband", "BayesianOptimization", "GridSearch"},
    "kerastuner": {"RandomSearch", "Hyperband", "BayesianOptimization"},
    "sagemaker": {"HyperparameterTuner"},
    "google": {"HyperparameterTuningJob"},
    "wandb": {"sweep"},
    "flaml": {"tune", "run"},
    "nevergrad": {"minimize"},
    "ax": {"optimize"},
    "syne_tune": {"Tuner"},
    "pyspark": {"CrossValidator", "TrainValidationSplit"},
}


# What a file that defines a search must contain (a cheap byte search before any parsing): an import
# of a search library, or a scikit-learn *SearchCV. Not bare names: "ray" is in "array".
_SEARCH_NEEDLES = Needles(*(f"{kw} {root}" for root in _SEARCH_CALLS if root != "sklearn" for kw in ("import", "from")),
                          "SearchCV")
_SEARCH_FLAGS = Needles("--evolve", "--hpo", "--sweep", "--tune", "search")
_SWEEP_CONFIG = Needles("sweeper", "method", "Experiment")
_SWEEPER = Needles("sweeper")
_SWEEP_METHOD = Needles("method")
_SWEEP_METHODS = Needles("grid", "random", "bayes")
_KATIB = Needles("Experiment")
_KUBEFLOW = Needles("kubeflow.org")
_BASELINE = Needles("baseline", "Dummy", "dummy")


@dataclass(frozen=True)
class _Hit:
    path: str
    line: int | None
    cell: int | None
    what: str


_Found = tuple[int | None, int | None, str]  # line, cell, what


def _search_summary(path: str, sources: list[PySource]) -> tuple[_Found | None, _Found | None]:
    """(the first call of a search library, the first search option declared) of a module or notebook."""
    if is_test_file(path):
        return None, None  # never asked: the rule leaves tests out
    call: _Found | None = None
    # a call's root name is spelled in the code (the call, or the import that aliases it)
    if any(root in src.text for src in sources for root in _SEARCH_CALLS):
        # a notebook's imports hold for its later cells: the table of the cells up to each one, built as the
        # cells go (rebuilding it from the first cell for every cell cost handson-ml3 6% of its scan)
        in_order = all(a.cell is not None and b.cell is not None and a.cell < b.cell
                       for a, b in itertools.pairwise(sources))
        running: dict[str, str] = {}
        for src in sources:
            table = aliases(src)
            if src.cell is not None and in_order:
                running.update(table)
                table = running
            elif src.cell is not None:
                table = {}
                for cell in sources:
                    if cell.cell is not None and cell.cell <= src.cell:
                        table.update(aliases(cell))
            for c in calls(src):
                qualified = qualify(c.name, table)
                root, last = qualified.split(".")[0], qualified.split(".")[-1]
                if last in _SEARCH_CALLS.get(root, ()) and (root != "ray" or ".tune" in qualified):
                    call = (*src.where(c.node.lineno), qualified)
                    break
            if call is not None:
                break
    flag: _Found | None = None
    for src in sources:
        m = _SEARCH_FLAG.search(src.text)
        if m:
            flag = (*src.where(src.text.count("\n", 0, m.start()) + 1), f"a custom search (--{m.group(1)})")
            break
    return call, flag


RepoIndex.summariser("spec-search", _search_summary, needles=(_SEARCH_NEEDLES, _SEARCH_FLAGS))


def _search_hits(index: RepoIndex) -> list[_Hit]:
    def compute() -> list[_Hit]:
        hits: list[_Hit] = []
        code = code_files(index)
        # each file's first search call and first search option, from its summary (no tree kept for this)
        for path in index.containing(code, _SEARCH_NEEDLES):
            if found := index.summary("spec-search", path)[0]:
                hits.append(_Hit(path, *found))
        for path in index.containing(code, _SEARCH_FLAGS):
            if (found := index.summary("spec-search", path)[1]) and not any(h.path == path for h in hits):
                hits.append(_Hit(path, *found))
        for path in index.with_suffix(".yaml", ".yml"):
            if in_dirs(path, TEST_DIRS) or path.startswith(".github/"):
                continue
            if not index.contains(path, _SWEEP_CONFIG):
                continue
            # what _search_config recognises needs more than one of the words: a W&B sweep names its
            # method's value, a Katib Experiment its kubeflow.org apiVersion (a CRD says "method" too);
            # a file over the YAML size limit still goes to the loader, which says why it is skipped
            if not (index.contains(path, _SWEEPER)
                    or (index.contains(path, _SWEEP_METHOD) and index.contains(path, _SWEEP_METHODS))
                    or (index.contains(path, _KATIB) and index.contains(path, _KUBEFLOW))
                    or (index.size(path) or 0) > MAX_YAML_BYTES):
                continue
            for doc in index.yaml(path):
                what = _search_config(doc)
                if what:
                    hits.append(_Hit(path, yaml_line(doc), None, what))
                    break
        return hits

    return index.memo("spec:search-hits", compute)


_SEARCH_FLAG = lazyre.compile(r"add_argument\(\s*['\"]--(evolve|hpo|hparam[-_]search|hyperparameter[-_]search|"
                              r"tune|sweep)['\"]")


def _searches(sweeper: dict[Any, Any]) -> bool:
    """A Hydra sweeper that searches: a sweeper plugin (Optuna, Ax, Nevergrad), or Hydra's own BasicSweeper given
    a grid in `params`. The BasicSweeper with no params is Hydra's default, which every run records in its
    `.hydra/hydra.yaml`: it runs the one job it is given."""
    return "BasicSweeper" not in str(sweeper.get("_target_", "")) or bool(sweeper.get("params"))


def _search_config(doc: Any) -> str | None:
    if not isinstance(doc, dict):
        return None
    hydra = doc.get("hydra")
    if isinstance(hydra, dict) and isinstance(hydra.get("sweeper"), dict) and _searches(hydra["sweeper"]):
        return "Hydra sweeper"
    defaults = doc.get("defaults")
    if isinstance(defaults, list):
        for item in defaults:
            if isinstance(item, dict) and any("hydra/sweeper" in str(k) and str(v) != "basic"
                                              for k, v in item.items()):
                return "Hydra sweeper"
    if doc.get("method") in ("grid", "random", "bayes") and isinstance(doc.get("parameters"), dict):
        return "W&B sweep"
    if doc.get("kind") == "Experiment" and "kubeflow.org" in str(doc.get("apiVersion", "")):
        return "Katib Experiment"
    return None


def hparam_search_rule(ctx: Context) -> Outcome:
    index = ctx.index
    hits = _search_hits(index)
    runs = {h.path: run for h in hits if (run := _run(index, h.path)) is not None}
    # the repository model's training code, a train*.py entrypoint first
    training = sorted(ctx.model.training_code,
                      key=lambda c: (not TRAIN_NAME.match(c.path.rsplit("/", 1)[-1]), c.mode != "entrypoint", c.path))
    if not hits:
        if not training:
            return outcome_from_findings([], checked=0, what="training entrypoints")
        t = training[0]
        return outcome_from_findings(
            [
                Finding(
                    t.path,
                    t.line,
                    f"hyperparameters are fixed: no search (Optuna, Ray Tune, GridSearchCV, a Hydra sweeper, "
                    f"a W&B sweep) is defined for {t.path} or anywhere else",
                    cell=t.cell,
                    key="no search",
                    scope=Scope.REPOSITORY,
                    confidence=Confidence.MEDIUM,
                    remediation="Declare a search over the important hyperparameters, e.g. "
                                "`optuna.create_study("
                    'direction="maximize")` with `trial.suggest_*` calls, and run it as a pipeline stage (a '
                    '`tune` stage '
                    "in dvc.yaml).",
                )
            ],
            checked=len(training),
            what="training entrypoints",
        )
    declared = [h for h in hits if not h.path.endswith((".py", ".ipynb"))]
    commands = [r.command for _job, r in ci_reached(index)] + [st.cmd for st in dvc_stages(index)]

    def wired_hit(h: _Hit) -> bool:
        flag = re.search(r"\(--([\w-]+)\)", h.what) if h.what.startswith("a custom search") else None
        if flag:  # running the script is not running its search: the flag must be passed
            return any(re.search(rf"--{flag.group(1)}\b", c) for c in commands)
        return h.path in runs

    wired = [h for h in hits if wired_hit(h)]
    evidence = sorted({h.path for h in hits})[:10]
    if declared or wired:
        best = (wired or declared)[0]
        how = f"run by {runs[best.path].where}" if best.path in runs else "a declared search configuration"
        return Outcome(
            Status.PASS, f"{best.what} in {best.path} ({how})", evidence=tuple(evidence), automated=True
        )
    h = min(hits, key=lambda hit: hit.path.endswith(".ipynb"))  # a script first: it can be wired
    if h.path.endswith(".ipynb"):
        message = f"{h.what} is defined in a notebook, so the search is not re-run when the model changes"
    elif h.what.startswith("a custom search"):
        message = (f"{h.what} exists in {h.path}, but no pipeline stage or CI job passes that flag, so the "
                   "search "
                   "is not re-run when the model changes")
    else:
        message = (f"{h.what} is defined in a script that no pipeline stage, CI job, schedule or Makefile runs, so the "
                   "search is not re-run when the model changes")
    return outcome_from_findings(
        [
            Finding(
                h.path,
                h.line,
                message,
                level=Level.PARTIAL,
                cell=h.cell,
                key=f"search not wired {h.path}",
                confidence=Confidence.MEDIUM,
                remediation=f"Run {h.path} as a pipeline step, e.g. a dvc.yaml stage `tune: "
                            f"{{cmd: python {h.path}, "
                "outs: [best_params.json]}` that the training stage depends on.",
            )
        ],
        checked=len(hits),
        what="hyperparameter searches",
        evidence=evidence,
    )


# ---------------------------------------------------------------------------------- evaluation helpers
def notebook_aliases(index: RepoIndex, src: PySource) -> dict[str, str]:
    """The import table in force in ``src``: its own imports, and for a notebook cell those of every cell
    up to it too (a notebook imports once, at the top, and calls in later cells)."""
    if src.cell is None:
        return aliases(src)
    table: dict[str, str] = {}
    for cell in index.notebook_sources(src.path, keep=False):  # the cells of src's own parse when it is at hand
        if cell.cell is not None and cell.cell <= src.cell:
            table.update(aliases(cell))
    return table


def _names_in(node: ast.AST) -> set[str]:
    out: set[str] = set()
    for n in walk_nodes(node):
        if isinstance(n, ast.Name):
            out.add(n.id.lower())
        elif isinstance(n, ast.Attribute):
            out.add(n.attr.lower())
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) < 80:
            out.add(n.value.lower())
    return out


def _gates(src: PySource) -> list[ast.AST]:
    """Conditions that stop the run: assert statements and if-tests whose body raises or exits."""
    out: list[ast.AST] = []
    for node in src.of_types(ast.Assert, ast.If):
        if isinstance(node, ast.Assert):
            out.append(node.test)
        elif isinstance(node, ast.If):
            for stmt in node.body:
                if isinstance(stmt, ast.Raise) or (
                    isinstance(stmt, ast.Expr)
                    and isinstance(stmt.value, ast.Call)
                    and (dotted(stmt.value.func) or "").split(".")[-1] in ("exit", "_exit", "abort", "fail")
                ):
                    out.append(node.test)
                    break
    return out


def _assigned_from(src: PySource, predicate: Any) -> set[str]:
    """Names assigned from a call that satisfies ``predicate(qualified name)``."""
    table = aliases(src)
    names: set[str] = set()
    for node in src.of_types(ast.Assign):
        if isinstance(node.value, ast.Call):
            q = qualify(dotted(node.value.func) or "", table)
            if predicate(q):
                for t in node.targets:
                    names |= {n.id.lower() for n in walk_nodes(t) if isinstance(n, ast.Name)}
    return names


# what runs code for the spec rules: anything unattended or declared to run it (a Makefile target, an MLproject
# entry point too: the experiment is wired into the project's commands)
_SPEC_RUNS = ("ci", "ci-tests", "dvc", "mlproject", "make", "dag", "cronjob")


def _run(index: RepoIndex, path: str) -> Run | None:
    return runs_of(index, path, _SPEC_RUNS)


def _automated(ctx: Context, path: str) -> str | None:
    run = _run(ctx.index, path)
    if run:
        return run.where
    return _orchestrated_pipeline(ctx.index, path)


_PIPELINE_DEFINITION = Needles("tfx", "kfp")


def _orchestrated_pipeline(index: RepoIndex, path: str) -> str | None:
    """A module that assembles a TFX pipeline (`Pipeline(components=[..., evaluator, ...])`) or a Kubeflow
    pipeline (`@dsl.pipeline`): an evaluation it wires in is a component that every run of the pipeline
    executes, wherever the pipeline is scheduled."""
    if not index.contains(path, _PIPELINE_DEFINITION):
        return None
    src = index.python(path)
    if src is None:
        return None
    table = aliases(src)
    for c in src.of_types(ast.Call):
        q = qualify(dotted(c.func) or "", table)
        if q.startswith("tfx.") and q.endswith(".Pipeline") and any(k.arg == "components" for k in c.keywords):
            return f"a component of the TFX pipeline {path} assembles"
    for fn in src.of_types(ast.FunctionDef):
        for d in fn.decorator_list:
            q = qualify(dotted(d.func if isinstance(d, ast.Call) else d) or "", table)
            if q.startswith("kfp.") and q.endswith(".pipeline"):
                return f"a step of the Kubeflow pipeline {path} defines"
    return None


# ---------------------------------------------------------------------------------- spec-baseline-compare
_BASELINE_WORD = lazyre.compile(r"baseline|prior_only|constant_model|majority_class", re.I)
# a data baseline (the statistics a drift monitor compares new data with) is no model baseline
_DATA_BASELINE = lazyre.compile(r"uri|path|dir|file|data|constraint|statistic|s3", re.I)


_EQUALITY_CALLS = frozenset({
    "allclose", "isclose", "assert_allclose", "assert_close", "assert_almost_equal", "assert_array_equal",
    "assert_array_almost_equal", "assert_equal", "array_equal", "equal", "approx", "assertAlmostEqual",
    "assertEqual", "assert_frame_equal", "assert_series_equal", "assertTrue",
})
_ORDER_OPS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def _equality_names(src: PySource) -> set[str]:
    """Names that appear in a numerical equality check (``torch.allclose(a, baseline)``, ``a == b``):
    two implementations that must agree, not a model that must beat a baseline."""
    out: set[str] = set()
    for node in src.of_types(ast.Call, ast.Compare):
        call = isinstance(node, ast.Call) and (dotted(node.func) or "").split(".")[-1] in _EQUALITY_CALLS
        if call or (isinstance(node, ast.Compare) and all(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops)):
            out |= _names_in(node)
    return out


def _ordered_names(test: ast.AST) -> set[str]:
    """Names on the two sides of an ordering comparison where neither side is a constant
    (``auc > baseline_auc + 0.02``; not ``baseline_loss > 0``)."""
    out: set[str] = set()
    for node in walk_nodes(test):
        if isinstance(node, ast.Compare) and all(isinstance(op, _ORDER_OPS) for op in node.ops):
            sides = [node.left, *node.comparators]
            if all(not isinstance(side, ast.Constant) for side in sides):
                out |= _names_in(node)
    return out


_DUMMIES = ("DummyClassifier", "DummyRegressor")
# what a source's lower-case text spells when _baseline_facts' assignments or calls can find something
_CALL_SPELLINGS = ("dummyclassifier", "dummyregressor", "baseline_model", "baseline_result",
                   "validate_evaluation_results", "metricthreshold")
_SCORES = frozenset({"predict", "predict_proba", "predict_log_proba", "decision_function", "score", "evaluate"})
_KEEPS = lazyre.compile(r"(^|_)(dump|save|log_model|save_model|fit|write|register|push)", re.I)


def _dummies_scored(sources: list[PySource]) -> set[str]:
    """Names bound to a DummyClassifier/DummyRegressor that are scored somewhere in these sources (the
    cells of one notebook, or one module): asked to predict or score, or handed to a scoring call such as
    `cross_val_score(dummy, ...)`. A dummy that is only fitted and saved (a stand-in model written by a
    fast CI path) is no baseline: nothing compares the model with it."""
    names: set[str] = set()
    for src in sources:
        names |= _assigned_from(src, lambda q: q.split(".")[-1] in _DUMMIES)
    scored: set[str] = set()
    if not names:  # only a name bound to a dummy can be scored: no call need be read
        return scored
    for src in sources:
        for node in src.call_nodes:
            func = node.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                    and func.value.id.lower() in names and func.attr in _SCORES:
                scored.add(func.value.id.lower())
            callee = (dotted(func) or "").split(".")[-1]
            if _KEEPS.search(callee):
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Name) and arg.id.lower() in names:
                    scored.add(arg.id.lower())
    return scored


def _baseline_facts(src: PySource, scored: set[str] | None = None, words: bool = True) -> tuple[int | None, bool]:
    """(line of the first baseline in this source, whether a gate compares against it). ``scored``: the
    dummy models that are scored (see _dummies_scored; by default, judged from this source alone).
    ``words``: whether a name that says baseline counts (only where the source scores a model: elsewhere
    in a notebook, `s3_baseline_uri` is the data baseline of a drift monitor).

    A baseline is a trivial model that is scored (DummyClassifier), a ``baseline_model`` given to an
    evaluator, or a name that says so; a name that only appears in numerical equality checks is a
    reference implementation (two losses that must agree), not a baseline. A gate is an ordering
    comparison of a model's score with the baseline's, or MLflow's validation against a baseline model."""
    if not _may_hold_baseline(src.text):
        return None, False
    first: int | None = None
    evaluator_baseline = False  # an evaluator call given a baseline model or result
    change_gate: int | None = None  # a threshold on the change against a baseline
    # The assignments and calls below count only where the code spells a dummy model's class (the last name of a
    # call, or of the import it comes from) or an evaluator's name or keyword: without one, they find nothing, and
    # a large test that names a baseline (peft's) is not read call by call (~20 ms each). Past ASCII, read in full
    # (``_may_hold_baseline``).
    low = src.text.lower() if src.text.isascii() else None
    by_calls = low is None or any(word in low for word in _CALL_SPELLINGS)
    table = aliases(src) if by_calls else {}
    scored = _dummies_scored([src]) if scored is None and by_calls else scored or set()
    bound: set[int] = set()  # dummy constructions bound to a name: judged by how that name is used
    for assign in src.of_types(ast.Assign) if by_calls else ():
        if isinstance(assign.value, ast.Call) \
                and qualify(dotted(assign.value.func) or "", table).split(".")[-1] in _DUMMIES:
            bound.add(id(assign.value))
            if any(isinstance(t, ast.Name) and t.id.lower() in scored for t in assign.targets):
                first = assign.lineno if first is None else min(first, assign.lineno)
    for c in calls(src) if by_calls else ():
        q = qualify(c.name, table)
        last = q.split(".")[-1]
        given = given_keywords(c.node)
        if (last in _DUMMIES and id(c.node) not in bound) or given & {"baseline_model", "baseline_result"}:
            first = c.node.lineno if first is None else min(first, c.node.lineno)
            evaluator_baseline = evaluator_baseline or bool(given & {"baseline_model", "baseline_result"})
        if last == "validate_evaluation_results" and given_baseline(c.node, last):
            return c.node.lineno, True
        if last == "MetricThreshold" and given & {"change_threshold", "min_absolute_change",
                                                  "min_relative_change"}:
            change_gate = c.node.lineno if change_gate is None else change_gate
    if change_gate is not None and evaluator_baseline:
        return change_gate, True
    named: list[ast.Name | ast.arg] = src.of_types(ast.Name, ast.arg) if words else []
    spelled = [node.id if isinstance(node, ast.Name) else node.arg for node in named]
    # each distinct name searched once (a large test reads the same few hundred names thousands of times)
    says = {name for name in set(spelled) if _BASELINE_WORD.search(name) and not _DATA_BASELINE.search(name)}
    saying = [(node, name) for node, name in zip(named, spelled, strict=True) if name in says] \
        if says else []
    if first is None and not saying:
        return None, False  # no baseline: the gates need not be read
    gates = _gates(src)
    ordered = {n for test in gates for n in _ordered_names(test)}
    equal = _equality_names(src) - ordered  # names only ever checked for equality
    for node, name in saying:
        if name.lower() not in equal:
            first = node.lineno if first is None else min(first, node.lineno)
    if first is None:
        return None, False
    dummies = _assigned_from(src, lambda q: q.split(".")[-1] in ("DummyClassifier", "DummyRegressor"))
    for test in gates:
        names = _ordered_names(test)
        if any(_BASELINE_WORD.search(n) for n in names) or names & dummies:
            return first, True
    return first, False


# What a source must spell (in its lower case) for ``_baseline_facts`` to find a baseline: a name that says so
# (``_BASELINE_WORD``), a dummy model (``_DUMMIES``: the last name of a call or of the import it comes from),
# ``baseline_model``/``baseline_result`` given to an evaluator, ``validate_evaluation_results``
_BASELINE_SPELLINGS = ("baseline", "prior_only", "constant_model", "majority_class", "dummyclassifier",
                       "dummyregressor", "validate_evaluation_results")


def _may_hold_baseline(text: str) -> bool:
    """Whether ``_baseline_facts`` can find a baseline in code with this text: diffusers' 600 tests say "dummy"
    (``get_dummy_inputs``) and were walked and read call by call for none. Past ASCII the parser reads some
    characters of a name as others (``ſ`` as ``s``): such a text is read in full."""
    if not text.isascii():
        return True
    low = text.lower()
    return any(word in low for word in _BASELINE_SPELLINGS)


def _documented(index: RepoIndex, word: re.Pattern[str], spelled: tuple[str, ...]) -> str | None:
    """A committed metrics file, report or model card that records results matching ``word`` (a pattern that
    ignores case, which matches only a text whose lower case holds one of ``spelled``)."""

    def matches(text: str) -> bool:
        # an ASCII text is searched for the words first (peft's 95 result files, 1.4M characters: the pattern
        # took 0.1 s); past ASCII, case folding has more to it than lower()
        if text.isascii():
            low = text.lower()
            if not any(w in low for w in spelled):
                return False
        return word.search(text) is not None

    for path in index.files:
        low = path.lower()
        name = low.rsplit("/", 1)[-1]
        if not name.endswith((".json", ".yaml", ".yml", ".csv", ".md")) or in_dirs(path, TEST_DIRS):
            continue
        if not (
            ("metric" in low or "report" in low or "eval" in low or "result" in low or "score" in low)
            or _CARD_LIKE.search(name)
        ):
            continue
        text = index.text(path) if (index.size(path) or 0) < 500_000 else None
        if text and matches(text):
            return path
    for card in model_cards(index):
        if any(word.search(s.title) or word.search(s.body) for s in card.sections):
            return card.path
    return None


_CARD_LIKE = lazyre.compile(r"^model[_-]?card|^results?\b", re.I)


def _baseline_in_test(path: str, sources: list[PySource]) -> tuple[tuple[int, bool, int | None, int | None], ...]:
    """(line, gated, line and cell shown) of each source of a test that scores a baseline: a summary, so the
    test need not be kept or parsed again for spec-baseline-compare (only tests are asked)."""
    out: list[tuple[int, bool, int | None, int | None]] = []
    for src in sources if is_test_file(path) else ():
        line, gated = _baseline_facts(src, None, words=True)
        if line is not None:
            out.append((line, gated, *src.where(line)))
    return tuple(out)


RepoIndex.summariser("spec-baseline-test", _baseline_in_test, needles=(_BASELINE,))


_BASELINE_WORDS = lazyre.compile(r"\bbaseline\b|\bdummy\b", re.I)


def baseline_compare_rule(ctx: Context) -> Outcome:
    index = ctx.index
    evals = ctx.evaluation_sources()
    # the tests from their summaries: what is kept of them is a path and a line
    test_paths = [t for t in test_files(index) if index.contains(t, _BASELINE)]
    # every cell of an evaluating notebook, not only those that call a metric: the baseline is often
    # fitted and cross-validated in cells of its own
    paths = list(dict.fromkeys(e.path for e in evals))
    scoring = {(e.path, e.source) for e in evals}

    def candidates() -> Iterator[tuple[str, int | None, bool, int | None, int | None]]:
        for p in paths:  # (path, line, gated, line and cell shown), one source at a time, from its file's summary
            for i, (words, plain, _slice) in enumerate(index.summary("spec-eval-facts", p)):
                yield (p, *(words if (p, i) in scoring else plain))
        for t in test_paths:
            for found, gated, where, cell in index.summary("spec-baseline-test", t):
                yield t, found, gated, where, cell

    in_tests = set(test_paths)  # a test path that contains the words and parses (an evaluating source does)
    best: tuple[str, int | None, int | None, bool, str | None] | None = None
    for path, line, gated, where, cell in candidates():
        if line is None or (not gated and path in in_tests):
            continue  # a test that asserts nothing against a baseline is no evidence of one
        auto = _automated(ctx, path)
        if gated and auto:
            return Outcome(
                Status.PASS,
                f"{path} compares the model with a baseline and fails when it does not "
                f"beat it; run by {auto}",
                evidence=(path,),
                automated=True,
            )
        rank = (gated, auto is not None)
        if best is None or rank > (best[3], best[4] is not None):
            best = (path, where, cell, gated, auto)
    if best is not None:
        path, where, cell, gated, auto = best
        if gated:
            msg = (f"{path} fails when the model does not beat the baseline, but no pipeline stage or CI "
                   "job runs it")
            fix = (f"Run {path} in the pipeline (a dvc.yaml `evaluate` stage) or in CI on every pull "
                   "request.")
        else:
            msg = f"{path} scores a baseline but nothing fails when the model does not beat it" + (
                "" if auto else ", and no pipeline or CI runs it"
            )
            fix = (
                "Compare in the same step and stop the run on a regression, e.g. `if auc < baseline_auc + "
                "0.02: "
                "sys.exit(...)`, in a stage that the pipeline or CI runs."
            )
        return outcome_from_findings(
            [
                Finding(
                    path,
                    where,
                    msg,
                    level=Level.PARTIAL,
                    cell=cell,
                    key=f"baseline not gated {path}",
                    confidence=Confidence.MEDIUM,
                    remediation=fix,
                )
            ],
            checked=len(paths) + sum(index.summary("py-source-count", t) for t in test_paths),
            what="evaluation scripts",
            evidence=[path],
        )
    doc = _documented(index, _BASELINE_WORDS, ("baseline", "dummy"))
    if not evals:
        if doc:
            return outcome_from_findings(
                [
                    Finding(
                        doc,
                        None,
                        f"baseline results are only documented in {doc}; no code compares the model with "
                        "them",
                        level=Level.PARTIAL,
                        key="baseline documented only",
                        scope=Scope.REPOSITORY,
                        confidence=Confidence.LOW,
                    )
                ],
                checked=1,
                what="evaluation records",
            )
        return outcome_from_findings([], checked=0, what="evaluation scripts")
    first = evals[0]
    if doc:
        return outcome_from_findings(
            [
                Finding(
                    doc,
                    None,
                    f"baseline results are only documented in {doc}; {first.path} evaluates the model without "
                    "a "
                    "baseline",
                    level=Level.PARTIAL,
                    key="baseline documented only",
                    scope=Scope.REPOSITORY,
                    confidence=Confidence.LOW,
                )
            ],
            checked=len(evals),
            what="evaluation scripts",
            evidence=[doc],
        )
    return outcome_from_findings(
        [
            Finding(
                first.path,
                first.line,
                f"{first.path} evaluates the model without comparing it to a simple baseline",
                cell=first.cell,
                key="no baseline",
                scope=Scope.REPOSITORY,  # shown at the first evaluation script; about all of them
                confidence=Confidence.MEDIUM,
                remediation='Score a trivial baseline on the same split, e.g. '
                            '`DummyClassifier(strategy="prior").fit('
                "X_train, y_train)`, and fail the step when the model does not beat it by a margin.",
            )
        ],
        checked=len(evals),
        what="evaluation scripts",
    )


# ---------------------------------------------------------------------------------- spec-slice-eval
_SLICE_CALLS = frozenset(
    {
        "MetricFrame",
        "SlicingSpec",
        "ClassificationMetric",
        "BinaryLabelDatasetMetric",
        "SegmentPerformance",
        "WeakSegmentsPerformance",
        "equalized_odds_difference",
        "demographic_parity_difference",
        "demographic_parity_ratio",
        "equalized_odds_ratio",
    }
)
_SLICE_WORD = lazyre.compile(
    r"slice|by_group|group_min|group_max|per_group|segment|subgroup|cohort|"
    r"difference|ratio|worst",
    re.I,
)


def _slice_facts(src: PySource) -> tuple[int | None, bool]:
    """(first line computing a per-slice metric, whether a gate checks one): once per source (a test's
    helpers are looked into for every test that imports them)."""
    return _per_source(src, "spec:slice-facts", lambda: _compute_slice_facts(src))


def _overall_slice(node: ast.expr) -> bool:
    """`tfma.SlicingSpec()` with no feature keys, values or SQL: the whole dataset, TFMA's overall
    slice, not a slice of it."""
    if not (isinstance(node, ast.Call) and not node.args):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name == "SlicingSpec" and all(
        isinstance(k.value, (ast.List, ast.Tuple, ast.Dict)) and not (
            k.value.keys if isinstance(k.value, ast.Dict) else k.value.elts)
        for k in node.keywords)


def _slicing_keyword(node: ast.Call) -> bool:
    """A `slicing_specs=` argument that names a slice (not only the overall `SlicingSpec()`)."""
    for k in node.keywords:
        if k.arg == "slicing_specs":
            specs = k.value.elts if isinstance(k.value, (ast.List, ast.Tuple)) else None
            return specs is None or not all(_overall_slice(e) for e in specs)
    return False


_SLICE_NAME = lazyre.compile(r"slice|segment|subgroup|cohort|(?:^|_)groups?(?:_|$)", re.I)


def _masked_metric_lines(src: PySource) -> list[int]:
    """Metric calls scored on a subset of rows picked by one boolean mask (`rmse(actual[mask],
    predicted[mask])`): per-slice metrics when the mask is a comparison (`y[df.region == "EU"]`, or a name
    assigned from one) or the function holding the call is about slices (its name or a parameter says
    segment, slice, group, cohort: `def rmse_for_mask(mask, segment_name)`). A cross-validation fold
    (`y[test_idx]`) is neither."""
    compared = {t.id for n in src.of_types(ast.Assign) if isinstance(n.value, ast.Compare)
                for t in n.targets if isinstance(t, ast.Name)}

    def mask_of(arg: ast.expr) -> ast.expr | None:
        if not isinstance(arg, ast.Subscript) or isinstance(arg.slice, (ast.Constant, ast.Slice, ast.Tuple)):
            return None
        return arg.slice

    def masked(call: ast.Call) -> ast.expr | None:
        masks = [mask_of(a) for a in call.args[:2]]
        if len(masks) < 2 or masks[0] is None or masks[1] is None or ast.dump(masks[0]) != ast.dump(masks[1]):
            return None
        return masks[0]

    in_sliced: set[int] | None = None  # the nodes of functions about slices: found when a masked call asks

    def in_sliced_function(call: ast.Call) -> bool:
        nonlocal in_sliced
        if in_sliced is None:
            functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = [
                *src.of_types(ast.FunctionDef), *src.of_types(ast.AsyncFunctionDef)]
            sliced_functions = [fn for fn in functions
                                if _SLICE_NAME.search(fn.name) or any(_SLICE_NAME.search(a.arg) for a in fn.args.args
                                                                      + fn.args.kwonlyargs)]
            in_sliced = {id(n) for fn in sliced_functions for n in walk_nodes(fn)}
        return id(call) in in_sliced

    out = []
    for c in calls(src):
        if not metric_call(c):
            continue
        mask = masked(c.node)
        if mask is None:
            continue
        if isinstance(mask, ast.Compare) or (isinstance(mask, ast.Name) and mask.id in compared) \
                or in_sliced_function(c.node):
            out.append(c.node.lineno)
    return out


_LITERAL_NODES = (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.expr_context)


def _literal(node: ast.expr) -> bool:
    """A literal of constants: `"sum"`, `{"y": "sum"}`, `["mean", "max"]`."""
    return all(isinstance(n, _LITERAL_NODES) for n in ast.walk(node))


def _literal_names(src: PySource) -> frozenset[str]:
    """Names every assignment of a source binds to a literal of constants (`agg = {"id": "first"}`): what
    ``_reduces_only`` reads a named argument as."""
    bound: dict[str, bool] = {}
    for node in src.of_types(ast.Assign, ast.AnnAssign):
        value: ast.expr | None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        else:
            continue
        for t in targets:
            if isinstance(t, ast.Name):
                bound[t.id] = bound.get(t.id, True) and value is not None and _literal(value)
    return frozenset(n for n, lit in bound.items() if lit)


def _reduces_only(call: ast.Call, literals: frozenset[str] | None) -> bool:
    """`.groupby(day).agg({"y": "sum"})`, `.agg("mean")`: pandas' named reductions of the data (a daily
    total), no metric applied per group; also when the dict is named before the call (`agg = {"id":
    "first", ...}` then `.agg(agg)`: rocklambros/mlops-toxic-moderation collapses duplicate rows so)."""
    values = [*call.args, *(k.value for k in call.keywords)]
    return bool(values) and all((isinstance(v, ast.Name) and v.id in (literals or ()))
                                or _literal(v) for v in values)


def _compute_slice_facts(src: PySource) -> tuple[int | None, bool]:
    first: int | None = None
    has_threshold = False
    masked_lines = _masked_metric_lines(src)
    if masked_lines:
        first = min(masked_lines)
    # a keyword can only be named slicing_specs in a source whose text says it
    slicing_specs = "slicing_specs" in src.text
    literals: frozenset[str] | None = None  # read when a grouped aggregation asks
    for c in calls(src):
        q = c.qualified  # the call's name through the source's import aliases
        last = q.split(".")[-1]
        if last == "SlicingSpec" and _overall_slice(c.node):
            continue  # TFMA's overall slice: aggregate metrics
        grouped = last in ("apply", "agg", "aggregate") and "groupby()" in c.name
        if grouped and literals is None:
            literals = _literal_names(src)
        if (
            last in _SLICE_CALLS
            or (slicing_specs and _slicing_keyword(c.node))
            or (grouped and not _reduces_only(c.node, literals))
            or q.startswith(("aif360.", "snorkel.slicing."))  # Snorkel slicing functions and their appliers
        ):
            first = c.node.lineno if first is None else min(first, c.node.lineno)
        if last == "MetricThreshold" or last == "validate_evaluation_results":
            has_threshold = True
    if first is None:
        return None, False
    if has_threshold and "slicing_specs" in src.text:
        return first, True
    slice_names = _assigned_from(src, lambda q: q.split(".")[-1] in _SLICE_CALLS) | {"by_group"}
    for test in _gates(src):
        if not _orders(test):
            continue
        names = _names_in(test)
        if names & slice_names or any(_SLICE_WORD.search(n) for n in names):
            return first, True
    return first, False


# what a call must spell for _compute_slice_facts to find a per-slice metric (a call's name, through an
# import alias, is spelled in the source): without one, a source computes none. A metric scored on masked
# rows (_masked_metric_lines) is a metric call, spelled as metric_call reads it
_SLICE_TEXT = (*_SLICE_CALLS, "slicing_specs", "groupby", "aif360", "snorkel", *METRIC_TEXT)


def _slice_summary(path: str, sources: list[PySource]) -> tuple[bool, frozenset[str]]:
    """(whether a source computes a per-slice metric, the module's function names (lower case) when one
    does), read once at the file's parse: a test that computes no slice metric and calls no helper that
    does is never parsed again for the rule. A file whose text spells none of ``_SLICE_TEXT`` is answered
    from the pre-filter's search (``_NO_SLICE``): neither parsed nor searched again for it."""
    if len(sources) == 1 and sources[0].cell is None:  # a module's text spells one (its summary is made only then)
        slices = _slice_facts(sources[0])[0] is not None
    else:  # a notebook: its markdown may be what spells one
        slices = any(w in src.text for src in sources for w in _SLICE_TEXT) and \
            any(_slice_facts(src)[0] is not None for src in sources)
    helpers = frozenset(n.name.lower() for src in sources for n in src.of_types(ast.FunctionDef)) \
        if slices else frozenset()
    return slices, helpers


def _called_summary(path: str, sources: list[PySource]) -> frozenset[str]:
    """The last names (lower case) of every call of a file: asked of a test only when a module it imports
    computes per-slice metrics (a summary of its own: reading every call of every test and of every module
    the tests import, for a repository with no such helper, was most of the rule's time), and whose text
    spells one of them. Made when asked only: no test of darts, peft or lerobot is asked, and making it at
    the drop of every test's parse walked every test's calls (3-6% of their scans)."""
    return frozenset((dotted(n.func) or "").split(".")[-1].lower() for src in sources for n in src.call_nodes)


_NO_SLICE: tuple[bool, frozenset[str]] = (False, frozenset())
RepoIndex.summariser("spec-slice", _slice_summary, needles=(Needles(*_SLICE_TEXT),), absent=_NO_SLICE)
RepoIndex.summariser("spec-slice-called", _called_summary, at_drop=False)


def _slice_helpers(index: RepoIndex, path: str) -> frozenset[str]:
    """The function names (lower case) of a module that computes per-slice metrics, else none."""
    helpers: frozenset[str] = index.summary("spec-slice", path)[1]
    return helpers


def _any_slice_helper(index: RepoIndex) -> bool:
    """Whether any module of the repository computes a per-slice metric: without one, no test can call one,
    and the tests' imports need not be read for the rule (checkov: 4,000 test files parsed for nothing)."""
    return index.memo("spec-slice-any", lambda: any(
        _slice_helpers(index, p) for p in index.files if p.endswith(".py")))


def _all_slice_helpers(index: RepoIndex) -> frozenset[str]:
    """The function names (lower case) of every module that computes per-slice metrics."""
    return index.memo("spec-slice-all", lambda: frozenset().union(
        *(_slice_helpers(index, p) for p in index.files if p.endswith(".py"))))


def _test_may_slice(index: RepoIndex, path: str) -> bool:
    """Whether a test file can give slice_eval_rule a line, read from summaries: a source computing a
    per-slice metric, or (a test by its name) a call of a repository helper that computes one."""
    if not path.endswith(".py"):
        return True  # a notebook's cells each import on their own: read them
    slices = index.summary("spec-slice", path)[0]
    if slices:
        return True
    if not is_test_file(path) or not _any_slice_helper(index):
        return False
    text = index.text(path) or ""
    if text.isascii():  # a test that calls a helper spells its name (an identifier not NFKC-normalised: ASCII)
        low = text.lower()
        if not any(name in low for name in _all_slice_helpers(index)):
            return False  # neither its imports nor its calls need be read (kserve: ~200 tests not parsed)
    helpers: set[str] = set()
    for dep in file_repo_imports(index, path):
        helpers |= _slice_helpers(index, dep)
    if not helpers:
        return False
    # a test calls a helper by its name: a test whose text spells none is not parsed (its calls' summary is
    # made when asked only)
    text = (index.text(path) or "").lower()
    return any(h in text for h in helpers) and bool(helpers & index.summary("spec-slice-called", path))


def _slice_test_facts(index: RepoIndex, test: PySource) -> tuple[int | None, bool]:
    """A test that calls a repository function computing per-slice metrics and asserts on its result."""
    helpers: set[str] = set()
    for dep in repo_imports(index, test.path):
        helpers |= _slice_helpers(index, dep)
    if not helpers:
        return None, False
    results = _assigned_from(test, lambda q: q.split(".")[-1].lower() in helpers)
    first = next((n.lineno for n in test.call_nodes
                  if (dotted(n.func) or "").split(".")[-1].lower() in helpers), None)
    if first is None:
        return None, False
    gated = any(
        _names_in(t) & results or any(_SLICE_WORD.search(n) for n in _names_in(t)) for t in _gates(test)
        if _orders(t)
    )
    return first, gated


def _orders(test: ast.AST) -> bool:
    """Does a gate's condition order a value against a bound (<, <=, >, >=)? A threshold does; an equality
    (`champion_segment_rows != segment_rows`, `metrics["promo_rmse"] == approx(12.5)`) checks that two
    evaluations used the same rows or that a computation is right: no per-slice floor."""
    return any(isinstance(n, ast.Compare) and any(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in n.ops)
               for n in ast.walk(test))


def _slice_test_candidate(index: RepoIndex, test: PySource
                          ) -> tuple[str, int | None, bool, int | None, int | None]:
    """``slice_eval_rule``'s candidate from a test that computes no per-slice metric itself (``_slice_test_facts``)."""
    found, gated = _slice_test_facts(index, test)
    return test.path, found, gated, *(test.where(found) if found is not None else (None, None))


_Shown = tuple[int | None, bool, int | None, int | None]  # (line, gated, line and cell shown)


def _evaluation_facts(path: str, sources: list[PySource]) -> tuple[tuple[_Shown, _Shown, _Shown], ...]:
    """What spec-baseline-compare and spec-slice-eval read of an evaluation source (``evaluation_sources``), for
    each source of its file: its baseline (``_baseline_facts``, dummies scored anywhere in the file) where it
    scores a model and where it does not (a name that says baseline counts only in the first), and its per-slice
    metric (``_slice_facts``). A summary, so that the evaluating modules' trees need not be kept for the rules;
    made at a drop for the files with a metric (``eval-first-metric``, summarised before it), else when asked."""
    scored = _dummies_scored(sources)

    def shown(src: PySource, found: int | None, gated: bool) -> _Shown:
        return found, gated, *(src.where(found) if found is not None else (None, None))

    return tuple((shown(src, *_baseline_facts(src, scored, words=True)),
                  shown(src, *_baseline_facts(src, scored, words=False)),
                  shown(src, *_slice_facts(src))) for src in sources)


def _evaluates(index: RepoIndex, path: str) -> bool:
    """Whether a file's parse, at its drop, had a metric call (its ``eval-first-metric`` made at the same drop)."""
    made = index.summary_made("eval-first-metric", path)
    return bool(made and made[0])


RepoIndex.summariser("spec-eval-facts", _evaluation_facts, at_drop=_evaluates)


def slice_eval_rule(ctx: Context) -> Outcome:
    index = ctx.index
    evals = ctx.evaluation_sources()
    # the tests one at a time, not kept: what is kept of them is a path and a line
    tests = (s for t in test_files(index) if _test_may_slice(index, t)
             for s in index.python_sources([t], keep=False))

    def candidates() -> Iterator[tuple[str, int | None, bool, int | None, int | None]]:
        """(path, line, gated, line and cell shown): the evaluation sources' from their files' summaries."""
        for e in evals:
            found, gated, where, cell = index.summary("spec-eval-facts", e.path)[e.source][2]
            if found is None and is_test_file(e.path):
                yield _slice_test_candidate(index, list(index.python_sources([e.path], keep=False))[e.source])
            else:
                yield e.path, found, gated, where, cell
        for src in tests:
            found, gated = _slice_facts(src)
            if found is None and is_test_file(src.path):
                yield _slice_test_candidate(index, src)
            else:
                yield src.path, found, gated, *(src.where(found) if found is not None else (None, None))

    best: tuple[str, bool, str | None, int | None, int | None] | None = None
    for path, line, gated, where, cell in candidates():
        if line is None:
            continue
        auto = _automated(ctx, path)
        if gated and auto:
            return Outcome(
                Status.PASS,
                f"{path} checks metrics per slice against thresholds; run by {auto}",
                evidence=(path,),
                automated=True,
            )
        if best is None or (gated, auto is not None) > (best[1], best[2] is not None):
            best = (path, gated, auto, where, cell)
    if best is not None:
        path, gated, auto, where, cell = best
        msg = (
            f"{path} applies per-slice thresholds, but no pipeline stage or CI job runs it"
            if gated
            else f"{path} computes metrics per slice but no threshold stops a release when a slice is "
                 "worse"
            + ("" if auto else ", and no pipeline or CI runs it")
        )
        return outcome_from_findings(
            [
                Finding(
                    path,
                    where,
                    msg,
                    level=Level.PARTIAL,
                    cell=cell,
                    key=f"slices not gated {path}",
                    confidence=Confidence.MEDIUM,
                    remediation="Fail the evaluation step when the worst slice is below the floor, e.g. `if "
                    "frame.group_min() < RECALL_FLOOR: sys.exit(...)`, and run it as a pipeline stage or in "
                    "CI.",
                )
            ],
            checked=len(evals) or 1,
            what="evaluation scripts",
            evidence=[path],
        )
    doc = _sliced_docs(index)
    if doc:
        return outcome_from_findings(
            [
                Finding(
                    doc,
                    None,
                    f"per-slice results are only documented in {doc}; no evaluation code computes or checks "
                    "them",
                    level=Level.PARTIAL,
                    key="slices documented only",
                    scope=Scope.REPOSITORY,
                    confidence=Confidence.LOW,
                )
            ],
            checked=1,
            what="evaluation records",
            evidence=[doc],
        )
    if not evals:
        return outcome_from_findings([], checked=0, what="evaluation scripts")
    first = evals[0]
    return outcome_from_findings(
        [
            Finding(
                first.path,
                first.line,
                f"{first.path} reports aggregate metrics only: no metric is computed per slice (region, "
                "language, user group)",
                cell=first.cell,
                key="no slices",
                scope=Scope.REPOSITORY,  # shown at the first evaluation script; about all of them
                confidence=Confidence.MEDIUM,
                remediation="Compute metrics per important slice, e.g. `MetricFrame(metrics=recall_score, "
                            "y_true=y, "
                'y_pred=pred, sensitive_features=df[["region"]])`, and fail the step when '
                '`frame.group_min()` is below '
                "the release floor.",
            )
        ],
        checked=len(evals),
        what="evaluation scripts",
    )


def _sliced_docs(index: RepoIndex) -> str | None:
    for path in index.files:
        name = path.lower().rsplit("/", 1)[-1]
        if not name.endswith((".csv", ".json", ".md", ".html", ".yaml")) or in_dirs(path, TEST_DIRS):
            continue  # the name's suffix first: the folder test and the pattern were asked of every file
        if re.search(r"(by_|per_)(slice|group|segment|region|cohort)|slices?[_.-]|fairness", name):
            return path
    for card in model_cards(index):
        if card.kind == "mct" and '"slice"' in (index.text(card.path) or ""):
            return card.path
        for s in card.sections:
            if re.search(
                r"\b(slices?|subgroups?|per[- ](group|region|slice)|disaggregated)\b", s.title + s.body, re.I
            ) and substantive(s.body):
                return card.path
    return None


RULES.update(
    {
        "spec-in-vcs": in_vcs_rule,
        "spec-unit-tested": unit_tested_rule,
        "spec-hparam-search": hparam_search_rule,
        "spec-baseline-compare": baseline_compare_rule,
        "spec-slice-eval": slice_eval_rule,
    }
)
