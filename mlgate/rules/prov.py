"""Provenance rules: artifacts carry metadata, model cards and datasheets are complete, training
records the data version and commit, datasets trace to their source, deployments pin a version."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from mlgate import lazyre
from mlgate.facts.ci import ci_reached
from mlgate.facts.dvc import uses_dvc
from mlgate.facts.project import in_library_package
from mlgate.facts.provenance import (
    DATA_SUFFIXES,
    NON_SHIPPED_CODE_DIRS,
    NON_SHIPPED_DIRS,
    Artifact,
    Card,
    Section,
    Sidecar,
    covering,
    dataset_writes,
    datasheets,
    dvc_add_for,
    dvc_artifacts,
    dvc_locked,
    dvc_producer,
    dvc_stages,
    in_dirs,
    is_data_path,
    is_model_file,
    lfs_pointer,
    mlmodel_for,
    model_artifacts,
    model_cards,
    names_version,
    sidecars,
    substantive,
)
from mlgate.facts.pycode import aliases, calls, dotted, import_closure, non_test_sources, qualify
from mlgate.facts.python import in_a_project
from mlgate.facts.specs import managed_training, training_calls
from mlgate.facts.tests import code_files, is_test_file
from mlgate.facts.training import callers_of
from mlgate.model import Confidence, Finding, Level, Outcome, Scope
from mlgate.patterns import SAMPLE_CODE, is_dockerfile
from mlgate.records import dataclass
from mlgate.repo import (
    MAX_YAML_BYTES,
    Needles,
    PySource,
    RepoIndex,
    parent_dir,
    yaml_keys_may_hold_text,
    yaml_line,
)
from mlgate.rules.base import Context, RuleFn, outcome_from_findings

HASH_LIMIT = 64 * 1024 * 1024  # artifacts larger than this are not re-hashed (bounded reads)



def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ------------------------------------------------------------------------------ hashing
def content_sha256(index: RepoIndex, path: str) -> str | None:
    """sha256 of a committed artifact: the LFS oid for a pointer, the bytes of a file, or the manifest
    hash of a folder (one `<sha256>  <relative path>` line per file, sorted). None when too large."""
    import hashlib  # here: a hook whose artifacts name no digest hashes nothing

    ptr = lfs_pointer(index, path)
    if ptr is not None:
        return ptr.oid
    if index.exists(path):
        size = index.size(path)
        if size is None or size > HASH_LIMIT:
            return None
        data = index.read_bytes(path, HASH_LIMIT + 1)
        return hashlib.sha256(data).hexdigest() if data is not None else None
    files = index.under(path)
    if not files:
        return None
    lines = []
    for f in sorted(files):
        digest = content_sha256(index, f)
        if digest is None:
            return None
        lines.append(f"{digest}  {f[len(path) + 1 :]}\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


# ------------------------------------------------------------------------------ prov-artifact-metadata
@dataclass(frozen=True)
class _Evidence:
    ok: bool
    finding: Finding | None = None
    what: str = ""


def _sidecar_findings(index: RepoIndex, side: Sidecar) -> list[Finding]:
    """Schema errors (fail), then completeness and hash checks of a valid sidecar (partial)."""
    fix = (f"Fix the field (see docs/provenance.md), or regenerate the sidecar with "
           f"`mlgate stamp {side.target}`.")
    out: list[Finding] = []
    for err in side.errors[:5]:
        out.append(
            Finding(
                side.path,
                err.line,
                f"invalid provenance sidecar: {err.where}: {err.message}",
                key=f"invalid {err.where}",
                remediation=fix,
            )
        )
    if out or not isinstance(side.data, dict):
        return out
    data = side.data
    art = data.get("artifact") or {}
    recorded = str(art.get("path") or "")
    # paths are relative to the repository root; mlgate may analyse a subdirectory of it
    if recorded and recorded != side.target and not recorded.endswith("/" + side.target):
        out.append(
            Finding(
                side.path,
                side.line("artifact", "path"),
                f"artifact.path is {art['path']!r} but the sidecar sits next to {side.target}",
                level=Level.PARTIAL,
                key="path mismatch",
                remediation=f"Set artifact.path to {side.target!r} or regenerate with `mlgate stamp`.",
            )
        )
    if index.exists(side.target) or index.under(side.target):
        actual = content_sha256(index, side.target)
        if actual is not None and actual != art.get("sha256"):
            out.append(
                Finding(
                    side.path,
                    side.line("artifact", "sha256"),
                    f"artifact.sha256 does not match "
                    f"{side.target} (now {actual[:12]}...): the sidecar describes an older file",
                    level=Level.PARTIAL,
                    key="hash mismatch",
                    remediation=f"Re-stamp the artifact where it is produced: `mlgate stamp {side.target}"
                    " --data <inputs>`.",
                )
            )
    if not data.get("data"):
        what = "training data" if data.get("kind") == "model" else "source data"
        out.append(
            Finding(
                side.path,
                side.line("data"),
                f"the sidecar records no {what}: the artifact cannot be traced to what it was made from",
                level=Level.PARTIAL,
                key="no data",
                remediation=f"Stamp with every input: `mlgate stamp {side.target} --data <path or "
                "hf://datasets/org/name@sha>`.",
            )
        )
    code = data.get("code") or {}
    if code.get("dirty") is True:
        out.append(
            Finding(
                side.path,
                side.line("code", "dirty"),
                "made from a working tree with uncommitted "
                f"changes: commit {str(code.get('commit', ''))[:12]} alone does not reproduce it",
                level=Level.PARTIAL,
                key="dirty tree",
                remediation="Commit the training code and configuration, then retrain and re-stamp.",
            )
        )
    return out


def card_data_version(card: Card) -> tuple[str | None, int | None]:
    """('versioned' | 'named' | None, line) for what a model card says about its training data."""
    front = card.front or {}
    datasets = front.get("datasets")
    line = card.front_lines.get(("datasets",))
    index_text = str(front.get("model-index", ""))
    if datasets:
        items = datasets if isinstance(datasets, list) else [datasets]
        if any(re.search(r"@[0-9a-f]{7,40}\b", str(d)) for d in items) or re.search(
            r"'revision':\s*'[0-9a-f]{7,40}'", index_text
        ):
            return "versioned", line
        return "named", line
    if card.kind == "mct" and isinstance(card.data, dict):
        data = (card.data.get("model_parameters") or {}).get("data")
        if data:
            return ("versioned" if names_version(str(data)) else "named"), card.front_lines.get(
                ("model_parameters", "data")
            )
        return None, None
    for s in card.sections:
        if _TOPICS["training data"].search(s.title) and substantive(s.body):
            return ("versioned" if names_version(s.body) else "named"), s.line
    return None, None


def _artifact_evidence(
    ctx: Context, art: Artifact, sides: dict[str, Sidecar], cards: list[Card]
) -> _Evidence:
    index = ctx.index
    side = sides.get(art.path)
    if side is not None:
        if side.foreign:
            return _Evidence(True, what=f"{side.path} (the repository's own provenance format)")
        if not side.valid:
            return _Evidence(False, None, "invalid sidecar")  # reported with the sidecars
        partial = _sidecar_findings(index, side)
        return _Evidence(not partial, partial[0] if partial else None, side.path)
    mlm = mlmodel_for(index, art.path)
    if mlm is not None:
        if mlm.run_id:
            return _Evidence(True, what=f"{mlm.path} run_id {mlm.run_id[:12]}")
        return _Evidence(
            False,
            Finding(
                mlm.path,
                None,
                f"{mlm.path} has no run_id: the MLflow model cannot be traced "
                "to the run (data, code, parameters) that logged it",
                level=Level.PARTIAL,
                key="MLmodel without run_id",
                remediation="Log the model inside `mlflow.start_run()` so MLmodel records "
                "the run_id, or add a provenance sidecar (`mlgate stamp`).",
            ),
        )
    prod = dvc_producer(index, art.path)
    if prod is not None:
        if prod.locked:
            return _Evidence(True, what=f"{prod.stage.dvcfile} stage {prod.stage.name}, locked")
        lock = prod.stage.dvcfile.rsplit("/", 1)[0] + "/dvc.lock" if "/" in prod.stage.dvcfile else "dvc.lock"
        return _Evidence(
            False,
            Finding(
                prod.stage.dvcfile,
                prod.out.line,
                f"{art.path} is an out of stage "
                f"'{prod.stage.name}', which {lock} does not lock: nothing records the "
                "data and code versions that produced it",
                level=Level.PARTIAL,
                key=f"unlocked {art.path}",
                remediation=f"Run `dvc repro {prod.stage.name}` and commit {lock}.",
            ),
        )
    added = dvc_add_for(index, art.path)
    if added is not None:
        add, _, line = added
        if add.source and add.pinned_source:
            return _Evidence(True, what=f"{add.path} imports it from {add.source} at a pinned revision")
        return _Evidence(
            False,
            Finding(
                add.path,
                line,
                f"{add.path} pins the content of {art.path} (`dvc add`) but "
                "not the data and code that made it",
                level=Level.PARTIAL,
                key=f"dvc add {art.path}",
                remediation="Produce the model in a dvc.yaml stage (`dvc stage add -n train "
                "-d data -d src/train.py -o models ...`) and commit dvc.lock, or stamp it "
                f"with `mlgate stamp {art.path} --data <inputs>`.",
            ),
        )
    card_path = covering([c.path for c in cards], art.path)
    if card_path is not None:
        card = next(c for c in cards if c.path == card_path)
        state, line = card_data_version(card)
        if state == "versioned":
            return _Evidence(True, what=f"{card.path} names versioned training data")
        if state == "named":
            return _Evidence(
                False,
                Finding(
                    card.path,
                    line,
                    f"{card.path} names the training data of {art.path} without a version (revision, hash)",
                    level=Level.PARTIAL,
                    key=f"card data unversioned {art.path}",
                    confidence=Confidence.MEDIUM,
                    remediation="Pin each dataset, e.g. `datasets: [org/name@<commit sha>]` "
                    "or a model-index dataset `revision:`, or stamp the artifact "
                    f"(`mlgate stamp {art.path} --data ...`).",
                ),
            )
    return _Evidence(False)


def artifact_metadata_rule(ctx: Context) -> Outcome:
    index = ctx.index
    arts = model_artifacts(index, ctx.config.artifacts)
    sides = sidecars(index)
    cards = model_cards(index)
    findings: list[Finding] = []
    evidence: list[str] = []
    for side in sides.values():
        if not side.valid and not side.foreign:
            findings.extend(_sidecar_findings(index, side))
    art_paths = {a.path for a in arts}
    for target, side in sorted(sides.items()):  # dataset sidecars and sidecars of configured artifacts
        if target not in art_paths and side.foreign:
            evidence.append(side.path)
        elif target not in art_paths and side.valid:
            findings.extend(_sidecar_findings(index, side))
            evidence.append(side.path)
    missing: dict[str, list[Artifact]] = defaultdict(list)
    for art in arts:
        ev = _artifact_evidence(ctx, art, sides, cards)
        if ev.ok:
            evidence.append(ev.what)
        elif ev.finding is not None:
            findings.append(ev.finding)
        elif ev.what != "invalid sidecar":
            missing[parent_dir(art.path)].append(art)
    for folder, group in sorted(missing.items()):
        first = group[0]
        path, line = (first.declared_in, first.line) if first.declared_in else (first.path, None)
        names = ", ".join(a.path.rsplit("/", 1)[-1] for a in group[:3]) + (
            f" and {len(group) - 3} more" if len(group) > 3 else ""
        )
        verb = "is" if len(group) == 1 else "are"
        how = "declared" if first.declared_in else "committed"
        findings.append(
            Finding(
                path,
                line,
                f"{names} {verb} {how} with no provenance: no sidecar, locked DVC stage, MLflow run or "
                "model card records the data and code that made it",
                key=f"no provenance {folder}",
                scope=Scope.REPOSITORY,  # about the folder: shown at its first artifact, which can change
                # a committed model file is there to see; a model path read from a save call is inferred
                confidence=Confidence.MEDIUM if first.declared_in else Confidence.HIGH,
                remediation="Write a sidecar where the model is saved: "
                f"`mlgate stamp {first.path} --data <training data> "
                f"--param <k=v> --metric <k=v>`, and commit {first.path}.provenance.json.",
            )
        )
    checked = len(arts) + sum(1 for t in sides if t not in art_paths)
    return outcome_from_findings(findings, checked=checked, what="artifacts", evidence=evidence[:20])


# ------------------------------------------------------------------------------ prov-model-card
_TOPICS: dict[str, re.Pattern[str]] = {
    "intended use": lazyre.compile(
        r"\b(intended|uses?|use[- ]cases?|out[- ]of[- ]scope|applications?|purpose)\b", re.I
    ),
    "training data": lazyre.compile(
        r"\btraining[- ](data|dataset|details|procedure|corpus|set)\b|^(training )?data"
        r"(sets?)?$|^training$|\bdata(sets?)? used\b",
        re.I,
    ),
    "evaluation results": lazyre.compile(
        r"\b(evaluation|results?|metrics?|performance|quantitative|benchmarks?|"
        r"accuracy)\b",
        re.I,
    ),
    "limitations": lazyre.compile(
        r"\b(limitations?|bias|risks?|caveats?|ethical|considerations|"
        r"recommendations)\b",
        re.I,
    ),
}
_HOW_TO = lazyre.compile(r"^how to|^usage|^getting started", re.I)


def _topic_sections(card: Card, topic: str) -> list[Section]:
    pat = _TOPICS[topic]
    return [s for s in card.sections if pat.search(s.title) and not _HOW_TO.search(s.title)]


def _mct_topics(card: Card) -> dict[str, Any]:
    d = card.data if isinstance(card.data, dict) else {}
    cons = d.get("considerations") or {}
    return {
        "intended use": (cons.get("use_cases") or cons.get("users"), ("considerations",)),
        "training data": ((d.get("model_parameters") or {}).get("data"), ("model_parameters",)),
        "evaluation results": (
            (d.get("quantitative_analysis") or {}).get("performance_metrics"),
            ("quantitative_analysis",),
        ),
        "limitations": (cons.get("limitations"), ("considerations",)),
    }


def card_findings(card: Card) -> list[Finding]:
    out: list[Finding] = []
    remediation = (
        "Fill the section with real content (who should use the model and for what; training data with "
        "its version; overall and per-slice results; known limitations) or remove the placeholder."
    )
    if card.kind == "mct":
        for topic, (value, path) in _mct_topics(card).items():
            if not value or not substantive(str(value)):
                out.append(
                    Finding(
                        card.path,
                        card.front_lines.get(path) or 1,
                        f"model card {card.path} has no {topic}",
                        level=Level.PARTIAL,
                        key=f"card {topic}",
                        remediation=remediation,
                    )
                )
        return out
    front = card.front or {}
    for topic in _TOPICS:
        if topic == "training data" and front.get("datasets"):
            continue
        if (
            topic == "evaluation results"
            and "results" in str(front.get("model-index", ""))
            and "value" in str(front.get("model-index", ""))
        ):
            continue
        secs = _topic_sections(card, topic)
        if any(substantive(s.body) for s in secs):
            continue
        placeholder = next((s for s in secs if s.placeholder_line), None)
        if placeholder is not None:
            out.append(
                Finding(
                    card.path,
                    placeholder.placeholder_line,
                    f"the '{placeholder.title}' section of "
                    f"{card.path} holds only a placeholder: the card says nothing about {topic}",
                    level=Level.PARTIAL,
                    key=f"card {topic}",
                    remediation=remediation,
                )
            )
        elif secs:
            out.append(
                Finding(
                    card.path,
                    secs[0].line,
                    f"the '{secs[0].title}' section of {card.path} is empty",
                    level=Level.PARTIAL,
                    key=f"card {topic}",
                    confidence=Confidence.MEDIUM,
                    remediation=remediation,
                )
            )
        else:
            out.append(
                Finding(
                    card.path,
                    1,
                    f"model card {card.path} has no {topic} section",
                    level=Level.PARTIAL,
                    key=f"card {topic}",
                    confidence=Confidence.MEDIUM,  # sections are recognised by their headings' words
                    remediation=f"Add a '## {topic.capitalize()}' section.",
                )
            )
    if not any(f.key == "card training data" for f in out):
        state, line = card_data_version(card)
        if state == "named":
            out.append(
                Finding(
                    card.path,
                    line,
                    f"{card.path} names its training data without a version (a revision or content hash)",
                    level=Level.PARTIAL,
                    key="card data version",
                    confidence=Confidence.MEDIUM,
                    remediation="Name the exact version, e.g. `datasets: [org/name@<commit sha>]` or the "
                    "DVC md5 / dataset revision in the Training data section.",
                )
            )
    return out


_DEPLOY_KINDS = frozenset({"InferenceService", "SeldonDeployment", "Model", "ServingRuntime"})


# names of what a `push_to_hub` publishes that say it is a dataset: `ds`, `train_data`, distilabel's `distiset`
_DATA_RECEIVER = re.compile(r"(^|_)(ds|dataset|datasets|data|dset|corpus|distiset)($|_)")
# names of the Hub repository it publishes to that say so: `hf_output_dataset`, `dataset_repo_id`
_DATA_TARGET = re.compile(r"(^|_)(dataset|datasets|ds)($|_)")


def _push_sites(path: str, sources: list[PySource]) -> tuple[tuple[int | None, int | None, bool, bool], ...]:
    """(line, cell, card generated by code?, a dataset?) of a module's or notebook's calls that publish a
    model or a dataset to the Hugging Face Hub: a summary, read from the first parse (no node kept)."""
    out: list[tuple[int | None, int | None, bool, bool]] = []
    for src in sources:
        if not any(w in src.text for w in _HUB_PUSH.words):
            continue  # no call can be named so
        data_names = _dataset_names(src)
        for c in calls(src):
            last = c.name.split(".")[-1]
            kws = {k.arg: k.value for k in c.node.keywords if k.arg}
            repo_type = kws.get("repo_type")
            is_data_type = isinstance(repo_type, ast.Constant) and repo_type.value == "dataset"
            if last == "push_to_hub":
                recv = c.name.rsplit(".", 1)[0] if "." in c.name else ""
                target = c.node.args[0] if c.node.args else kws.get("repo_id")
                is_data = (
                    is_data_type
                    or recv.split(".")[0].lower() in data_names
                    or bool(_DATA_RECEIVER.search(recv.split(".")[0].lower()))
                    # the repository it goes to is named as a dataset's: `args.hf_output_dataset`
                    or bool(target is not None and _DATA_TARGET.search(
                        (dotted(target) or "").split(".")[-1].lower()))
                )
            elif last in ("upload_folder", "upload_file", "create_repo") and "huggingface" in src.text:
                is_data = is_data_type
                if not is_data and last == "create_repo":
                    continue
            else:
                continue
            line, cell = src.where(c.node.lineno)
            generated = "create_model_card" in src.text or "ModelCard" in src.text or (
                last == "push_to_hub" and "trainer" in c.name.lower())
            out.append((line, cell, generated, bool(is_data)))
    return tuple(out)



def _push_to_hub_sites(index: RepoIndex, datasets: bool) -> list[tuple[str, int | None, int | None, bool]]:
    """(path, line, cell, card generated by code?) of calls that publish a model (or, with ``datasets``, a
    dataset) to the Hugging Face Hub. Trainer.push_to_hub and ModelCard write a card from a template."""

    def compute() -> dict[bool, list[tuple[str, int | None, int | None, bool]]]:
        out: dict[bool, list[tuple[str, int | None, int | None, bool]]] = {False: [], True: []}
        # models and datasets in one pass, from each file's summary: its tree need not stay nor be parsed again
        for path in index.containing(code_files(index), _HUB_PUSH):
            for line, cell, generated, is_data in index.summary("prov-push-sites", path):
                out[is_data].append((path, line, cell, generated))
        return out

    return index.memo("prov:push-sites", compute)[datasets]


_CARD_RENDER = Needles("ModelCard", "create_model_card")


def _package_renders_cards(index: RepoIndex) -> bool:
    """Whether a published library's own package writes model cards (``ModelCard.from_template``, a
    ``create_model_card`` method): its objects' ``push_to_hub`` then publishes a card generated from the
    library's template, as ``Trainer.push_to_hub`` does."""
    return any(path.endswith(".py") and in_library_package(index, path) and not is_test_file(path)
               and index.contains(path, _CARD_RENDER) for path in index.files)


def _dataset_names(src: PySource) -> set[str]:
    table = aliases(src)
    names: set[str] = set()
    for node in src.of_types(ast.Assign):
        if isinstance(node.value, ast.Call):
            q = qualify(dotted(node.value.func) or "", table)
            if (
                q.startswith("datasets.")
                or q.split(".")[-1] in ("load_dataset", "DatasetDict")
                or ".Dataset.from_" in q
            ):
                names |= {n.id.lower() for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def model_card_rule(ctx: Context) -> Outcome:
    index = ctx.index
    cards = model_cards(index)
    arts = model_artifacts(index, ctx.config.artifacts)
    pushes = _push_to_hub_sites(index, datasets=False)
    if ctx.model.is_library:
        # a library's package implements push_to_hub for its users' models: its API, not a model it ships
        pushes = [p for p in pushes if not in_library_package(index, p[0])]
    # a release smoke test deploying a public example model ships nothing of the project's own
    deploys = [r for r in _model_refs(ctx) if r.manifest and not in_dirs(r.path, NON_SHIPPED_DIRS)]
    if not deploys and not ctx.model.is_library:
        # a deployment the repository model recognised (an endpoint in infrastructure code, a service
        # rollout) ships a model as much as a manifest naming its URI does
        deploys = [ModelRef(d.path, d.line, None, d.name, "ok", True) for d in ctx.model.deployments
                   if not in_dirs(d.path, NON_SHIPPED_DIRS)][:1]
    if not cards and not arts and not pushes and not deploys:
        return outcome_from_findings([], checked=0, what="shipped models or model cards")
    findings: list[Finding] = []
    for card in cards:
        findings.extend(card_findings(card))
    card_paths = [c.path for c in cards]
    general = [p for p in card_paths if parent_dir(p) in ("", "docs", "doc")]
    uncovered: dict[str, list[Artifact]] = defaultdict(list)
    for art in arts:
        if covering(card_paths, art.path) is None and not general:
            uncovered[parent_dir(art.path)].append(art)
    for folder, group in sorted(uncovered.items()):
        names = ", ".join(a.path.rsplit("/", 1)[-1] for a in group[:3]) + (
            f" and {len(group) - 3} more" if len(group) > 3 else ""
        )
        target = f"{folder}/MODEL_CARD.md" if folder else "MODEL_CARD.md"
        where, line = (group[0].declared_in, group[0].line) if group[0].declared_in else (group[0].path, None)
        findings.append(
            Finding(
                where,
                line,
                f"{names} {'is' if len(group) == 1 else 'are'} shipped without a model card",
                key=f"no card {folder}",
                scope=Scope.REPOSITORY,  # about the folder: shown at its first model
                confidence=Confidence.MEDIUM,  # a card written under another name is not recognised
                remediation=f"Add {target} with Intended use, Training data (with its version), "
                "Evaluation results (overall and per slice) and Limitations sections.",
            )
        )
    if not cards:
        findings.extend(_cardless_pushes(ctx, pushes))
        if deploys:
            # one absence, the repository's, as for the pushes below
            ref = deploys[0]
            findings.append(
                Finding(
                    ref.path,
                    ref.line,
                    f"{ref.path} deploys a model{_and_more([(r.path, r.line) for r in deploys[1:]])}, and the "
                    "repository has no model card",
                    key="deploy without card",
                    scope=Scope.REPOSITORY,
                    confidence=Confidence.MEDIUM,
                    remediation="Add a MODEL_CARD.md describing the deployed model.",
                )
            )
    checked = len(cards) + len(arts) + len(pushes) + len(deploys)
    return outcome_from_findings(
        findings, checked=checked, what="models and model cards", evidence=card_paths[:10]
    )


def _and_more(sites: Sequence[tuple[str, int | None]]) -> str:
    """" (and N more: a.py:3, b.py, ...)" naming a few of the other places of a repository-level finding."""
    if not sites:
        return ""
    shown = ", ".join(f"{p}:{ln}" if ln else p for p, ln in sites[:3])
    return f" (and {len(sites)} more: {shown}{', ...' if len(sites) > 3 else ''})"


def _cardless_pushes(ctx: Context, pushes: Sequence[tuple[str, int | None, int | None, bool]]) -> list[Finding]:
    """Pushes to the Hub in a repository without a model card: one finding for the pushes whose card is
    generated from a template and one for the others, each the repository's and shown at its first push,
    naming the others. A finding per push, cut to the first three, made a pull request that adds or removes
    a push surface another it never touched as new or fixed."""
    library_cards = ctx.model.is_library and _package_renders_cards(ctx.index)
    findings: list[Finding] = []
    for generated in (False, True):
        group = [p for p in pushes if (p[3] or library_cards) is generated]
        if not group:
            continue
        # a library's examples and tutorials push to placeholder repositories of their readers
        sample = [p for p in group if ctx.model.is_library and SAMPLE_CODE.search(p[0])]
        first = next((p for p in group if p not in sample), group[0])
        path, line, cell, _ = first
        also = _and_more([(x[0], x[1]) for x in group if x is not first])
        findings.append(
            Finding(
                path,
                line,
                f"this push{also} generates the model card from a template (Trainer.create_model_card or "
                "ModelCard): its intended uses, training data and limitations read 'More information needed' "
                "unless the code fills them"
                if generated
                else f"the model is pushed to the Hugging Face Hub{also}, and the repository has no model card",
                level=Level.PARTIAL if generated else Level.FAIL,
                cell=cell,
                key="generated card" if generated else "push without card",
                scope=Scope.REPOSITORY,
                confidence=Confidence.MEDIUM if len(sample) == len(group) else Confidence.HIGH,
                remediation="Commit the card (README.md with YAML front matter: license, "
                "datasets, metrics, model-index) and push it with the model, e.g. "
                "`ModelCard.load('MODEL_CARD.md').push_to_hub(repo_id)`.",
            )
        )
    return findings


# ------------------------------------------------------------------------------ prov-model-data-link
_SAVE_LAST = frozenset({"save_model", "save_pretrained", "log_model", "save_weights"})
_DATA_VERSION = lazyre.compile(
    r"log_input|mlflow\.data\.|use_artifact\(|"
    r"[\"'](?:\w*[_.-])?(?:data|dataset|train|training)(?:[_.-]\w{1,16})?[_.-](?:hash|sha\d*|md5|version|revision|rev|"
    r"digest|checksum|fingerprint)[\"']|\b(?:data|dataset)_(?:hash|sha\d*|md5|version|revision|digest)\s*=|"
    r"dvc\.api\.(?:open|read|get_url)\([^)]*\brev\s*=|load_dataset\([^)]*\brevision\s*=|"
    r"[\"'](?:Data|Dataset|Training|TrainingData)(?:Version|Revision|Hash|Sha|Digest|Checksum)(?:Id)?[\"']",
    re.I,
)
_CODE_VERSION = lazyre.compile(
    r"\bgit_?(?:commit|sha|rev|hash)\w*|\bcommit_?(?:sha|hash|id)\b|\bcode_version\b|mlflow\.source\.git|"
    r"rev-parse|\.head\.commit|GITHUB_SHA|CI_COMMIT_SHA|git\.Repo\(",
    re.I,
)


# the characters besides ASCII letters that re.IGNORECASE matches to an ASCII letter (İ ı ſ K: all of them, as
# tests/test_spec_prov_facts.py checks over every code point)
_IGNORECASE_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _folded(text: str) -> str | None:
    """``text`` in lower case, where a string of ASCII letters that re.IGNORECASE finds is found in lower case;
    None when the text holds a character that re.IGNORECASE matches to an ASCII letter other than its own two."""
    if not text.isascii() and any(c in text for c in _IGNORECASE_ASCII):
        return None
    return text.lower()


# what a match of _CODE_VERSION spells, and of _DATA_VERSION (a literal, or a data/train word and a version word)
_CODE_WORDS = ("git", "commit", "code_version", "rev-parse")
_DATA_LITERALS = ("log_input", "mlflow.data.", "use_artifact(", "dvc.api.")
_DATA_VERSION_WORDS = ("hash", "sha", "md5", "version", "rev", "digest", "checksum", "fingerprint")


# how every match of each pattern starts, in lower case (a match at a position of ``text`` spells its start there
# in ``text.lower()``, which has one character per character of ``text`` unless it holds İ: see ``_folded``)
_CODE_STARTS = ("git", "commit", "code_version", "mlflow.source.git", "rev-parse", ".head.commit", "ci_commit_sha")
_DATA_STARTS = ("log_input", "mlflow.data.", "use_artifact(", '"', "'", "data", "dvc.api.", "load_dataset(")


def _records_code(text: str) -> bool:
    """``_CODE_VERSION`` in ``text``, searched only where the text spells the start of a match (a function body
    or a script that names no commit is not read by the pattern)."""
    low = _folded(text)
    if low is None:
        return _CODE_VERSION.search(text) is not None
    return lazyre.search_from(_CODE_VERSION, text, _CODE_STARTS, low)


def _records_data(text: str) -> bool:
    """``_DATA_VERSION`` in ``text``, searched only when the text spells what a match needs, and there only
    where a match can start."""
    low = _folded(text)
    if low is None:
        return _DATA_VERSION.search(text) is not None
    if not (any(w in low for w in _DATA_LITERALS)
            or (("data" in low or "train" in low) and any(w in low for w in _DATA_VERSION_WORDS))):
        return False
    return lazyre.search_from(_DATA_VERSION, text, _DATA_STARTS, low)


def _saves_dvc_experiment(sources: list[PySource]) -> bool:
    """A DVCLive ``Live(...)`` that saves a DVC experiment (the default since DVCLive 3): the experiment
    records the code and the DVC-tracked data versions of the run."""
    uses_dvclive = any("dvclive" in src.text for src in sources)  # a notebook imports in an earlier cell
    for src in sources:
        for c in calls(src):
            if c.qualified in ("dvclive.Live", "dvclive.live.Live") or (uses_dvclive and c.name == "Live"):
                kws = {k.arg: k.value for k in c.node.keywords if k.arg}
                off = kws.get("save_dvc_exp")
                if not (isinstance(off, ast.Constant) and off.value is False):
                    return True
    return False


def _helpers_record(index: RepoIndex, path: str, called: set[str]) -> tuple[bool, bool]:
    """Whether a function named in ``called``, defined in a repository module that ``path`` imports, records
    a data version, and whether one records the git commit (e.g. a ``check_git_info()`` that reads the
    commit with GitPython). Only the bodies of the functions called are searched: searching every module
    of the import closure whole (yolov5: 0.7 MB, at ~4 MB/s for these two patterns) cost a tenth of its
    scan), for a few names. The functions are found in the module's summary (``_function_spans``, made at a
    sweep's drop: karunru/kaggle_monorepo parsed 80 modules again for it), their bodies cut from its text."""
    data = code = False
    for dep in sorted(import_closure(index, [path], depth=2) - {path})[:30]:
        if not index.contains(dep, _DEFS):
            continue
        spans: tuple[tuple[tuple[str, int, int], ...], ...] = index.summary("prov-function-spans", dep)
        texts: list[str] | None = None
        for i, defs in enumerate(spans):
            lines: list[str] | None = None
            for name, start, end in defs:
                if name not in called:
                    continue
                if lines is None:
                    if texts is None:  # a module's source is its text; a notebook's cells from a parse
                        texts = [index.text(dep) or ""] if dep.endswith(".py") else \
                            [s.text for s in index.python_sources([dep], keep=False)]
                    lines = texts[i].split("\n")
                body = "\n".join(lines[start - 1 : end])
                data = data or _records_data(body)
                code = code or _records_code(body)
    return data, code


def _function_spans(path: str, sources: list[PySource]) -> tuple[tuple[tuple[str, int, int], ...], ...]:
    """(name, first line, last line) of the functions (not async) of each source, in ``ast.walk`` order."""
    return tuple(tuple((node.name, node.lineno, node.end_lineno or node.lineno)
                       for node in src.of_types(ast.FunctionDef)) for src in sources)


_ML_NEEDLES = Needles(
    "torch",
    "sklearn",
    "tensorflow",
    "keras",
    "xgboost",
    "lightgbm",
    "mlflow",
    "transformers",
    "joblib",
    "pickle",
    "catboost",
    "lightning",
    "bentoml",
    "onnx",
    "skops",
    "sagemaker",
    "aiplatform",
)
_MANAGED_NEEDLES = Needles("sagemaker", "aiplatform")


def _temporary_dirs(src: PySource) -> set[str]:
    """Names bound to a temporary directory (``with tempfile.TemporaryDirectory() as d``, ``d = mkdtemp()``):
    what is saved there is thrown away (a script that saves a model only to measure its size keeps none)."""
    table = aliases(src)
    names: set[str] = set()
    for node in src.of_types(ast.With, ast.AsyncWith, ast.Assign):
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if isinstance(item.context_expr, ast.Call) and isinstance(item.optional_vars, ast.Name) and \
                        qualify(dotted(item.context_expr.func) or "", table).split(".")[-1] in _TEMPORARY:
                    names.add(item.optional_vars.id)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                qualify(dotted(node.value.func) or "", table).split(".")[-1] in _TEMPORARY:
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


_TEMPORARY = frozenset({"TemporaryDirectory", "NamedTemporaryFile", "TemporaryFile", "mkdtemp", "mkstemp",
                        "gettempdir"})


def _saves_into(call: ast.Call, temporary: set[str]) -> bool:
    """The save call's destination is under one of the ``temporary`` directories."""
    if not temporary:
        return False
    targets = [*call.args[:2], *(k.value for k in call.keywords if k.arg in ("save_directory", "path", "f",
                                                                             "filename", "filepath", "file"))]
    return any(isinstance(n, ast.Name) and n.id in temporary for t in targets for n in ast.walk(t))


def _autologs_model(c: Any) -> bool:
    """`mlflow.autolog()` / `mlflow.sklearn.autolog()`: the fitted model is logged with the run (log_models
    defaults to True)."""
    return c.qualified.split(".")[-1] == "autolog" and c.qualified.startswith("mlflow") and not re.search(
        r"\blog_models\s*=\s*False\b|\bdisable\s*=\s*True\b", ast.unparse(c.node))


def _save_call(c: Any, src_text: str) -> bool:
    q = c.qualified
    last = q.split(".")[-1]
    if q in (
        "joblib.dump",
        "pickle.dump",
        "torch.save",
        "onnx.save",
        "skops.io.dump",
        "cloudpickle.dump",
        "tensorflow.saved_model.save",
        "dill.dump",
        "sklearn.externals.joblib.dump",
        "safetensors.torch.save_file",
        "safetensors.torch.save_model",
    ):
        return True
    if last in _SAVE_LAST and "." in c.name:
        return True
    if last == "log_artifact" and re.search(r"type\s*=\s*['\"]model['\"]", ast.unparse(c.node)):
        return True
    recv = c.name.rsplit(".", 1)[0].lower() if "." in c.name else ""
    return (
        last == "save"
        and bool(re.search(r"model|clf|net|estimator|regressor|classifier", recv))
        and ("keras" in src_text or "tensorflow" in src_text)
    )


_TRACKERS = {"wandb": "W&B", "mlflow": "MLflow"}
_REPORT_TO = lazyre.compile(r"report_to\s*=\s*[\[(]?\s*[\"'](wandb|mlflow)[\"']")


def _trainer_tracker(index: RepoIndex, text: str) -> str | None:
    """The experiment tracker a Hugging Face Trainer reports to (``report_to="wandb"`` in the code, or
    ``report_to: [wandb]`` in a training config), when it is one that records the git commit."""
    m = _REPORT_TO.search(text)
    if m:
        return _TRACKERS[m.group(1)]
    return index.memo("prov:configured-report-to", lambda: _configured_report_to(index))


def _configured_report_to(index: RepoIndex) -> str | None:
    from mlgate.facts.python import config_files

    for path in config_files(index, _REPORT_TO_NEEDLE):
        if not path.endswith((".yaml", ".yml")):
            continue
        for doc in index.yaml(path):
            value = doc.get("report_to") if isinstance(doc, dict) else None
            values = value if isinstance(value, list) else [value]
            for v in values:
                if isinstance(v, str) and v in _TRACKERS:
                    return _TRACKERS[v]
    return None


_REPORT_TO_NEEDLE = Needles("report_to")
_LIGHTNING_ROOTS = ("lightning", "pytorch_lightning")


def _lightning_fit(src: PySource) -> int | None:
    """The line of ``trainer.fit(...)`` with a Lightning Trainer: its checkpoint callback is on by default and
    saves the model (``ModelCheckpoint``), so the script saves a model without a save call of its own."""
    table = aliases(src)
    if not any(v.split(".")[0] in _LIGHTNING_ROOTS for v in table.values()):
        return None
    for c in calls(src):
        if any(k.arg in ("enable_checkpointing", "checkpoint_callback") and isinstance(k.value, ast.Constant)
               and k.value.value is False for k in c.node.keywords):
            return None  # checkpointing switched off
    for c in calls(src):
        recv, _, last = c.name.rpartition(".")
        if last == "fit" and "trainer" in recv.lower():
            return int(c.node.lineno)
    return None


def _locked_stage_runs(ctx: Context, path: str) -> str | None:
    """The dvc.yaml stage, locked in dvc.lock, whose command runs ``path`` (or code that imports it)."""
    from mlgate.facts.pycode import scripts_in

    locked = dvc_locked(ctx.index)
    for stage in dvc_stages(ctx.index):
        if f"{stage.dvcfile}::{stage.name}" not in locked:
            continue
        base = parent_dir(stage.dvcfile)
        if path in import_closure(ctx.index, scripts_in(ctx.index, stage.cmd, base)):
            return f"{stage.dvcfile} stage {stage.name}, locked"
    return None


def _in_training_function(src: PySource, saves: list[int]) -> int | None:
    """The first of the ``saves`` (lines, in the order the calls are walked) inside a top-level function that
    also trains (a pipeline's train step pickles the fitted model after its data step pickled the splits),
    else the first save."""
    if not saves:
        return None
    trained = [n.lineno for n in training_calls(src)]
    for fn in src.tree.body:
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                and any(fn.lineno <= line <= (fn.end_lineno or 0) for line in trained):
            inside = [line for line in saves if fn.lineno <= line <= (fn.end_lineno or 0)]
            if inside:
                return inside[0]
    return saves[0]


def model_data_link_rule(ctx: Context) -> Outcome:
    index = ctx.index
    savers: list[tuple[PySource, int]] = []
    trainers = {c.path for c in ctx.model.training_code}
    # only code that trains a model (an export or checkpoint utility re-saves one): decided by the path
    # before anything is parsed
    wanted = [p for p in index.files if p in trainers and not in_dirs(p, NON_SHIPPED_CODE_DIRS)]
    # the rule's own parses, not kept: what it keeps of a module is its path and lines
    for src in non_test_sources(index, _ML_NEEDLES, wanted, keep=False):
        temporary = _temporary_dirs(src)
        saves = [c.node.lineno for c in calls(src) if _save_call(c, src.text) and not _saves_into(c.node, temporary)]
        hit = _in_training_function(src, saves)
        if hit is None:
            hit = _lightning_fit(src)
        if hit is None:  # no explicit save: MLflow autologging saves the model
            hit = next((c.node.lineno for c in calls(src) if _autologs_model(c)), None)
        if hit is None and index.contains(src.path, _MANAGED_NEEDLES):
            # a training job on a managed service (SageMaker Estimator, Vertex CustomTrainingJob) writes its
            # model to the job's output: defining the job is what saves the model
            managed = managed_training(src)
            hit = managed[0] if managed is not None else None
        if hit is not None:
            savers.append((src, hit))
    if not savers:
        return outcome_from_findings([], checked=0, what="model-saving scripts")
    stamp_cmds = [st.cmd for st in dvc_stages(index)] + [
        line for p in index.named("Makefile") for line in index.lines(p)
    ]
    stamps = any("mlgate stamp" in c and "--data" in c for c in stamp_cmds)
    findings: list[Finding] = []
    evidence: list[str] = []
    seen: set[str] = set()
    for src, line in savers:
        if src.path in seen:
            continue
        seen.add(src.path)
        stage = _locked_stage_runs(ctx, src.path)
        if stage or stamps:
            evidence.append(f"{src.path}: {stage or 'mlgate stamp'}")
            continue
        own = [src] if src.cell is None else list(index.python_sources([src.path]))
        text = "\n".join(s.text for s in own)
        called = {c.name.split(".")[-1] for s in own for c in calls(s)}
        helpers_data, helpers_code = _helpers_record(index, src.path, called)
        # the flow or script that runs this training module may record the run's data version and commit
        # itself, or through a helper it calls (`run_id = train(); log_dataset_manifest(run_id, manifest)`)
        for runner in callers_of(index, src.path, ctx.config.model_spec) if src.cell is None else []:
            text += "\n" + "\n".join(s.text for s in runner.sources)
            r_data, r_code = _helpers_record(index, runner.path,
                                             {c.name.split(".")[-1] for s in runner.sources for c in calls(s)})
            helpers_data, helpers_code = helpers_data or r_data, helpers_code or r_code
        if _saves_dvc_experiment(own) and uses_dvc(index):
            evidence.append(f"{src.path}: DVCLive saves a DVC experiment (code and DVC data versions)")
            continue
        data = _records_data(text) or helpers_data
        code = _records_code(text) or "mlgate stamp" in text or helpers_code
        auto = ""
        # each pattern searched only in a text that spells its literal part (a notebook's code is searched whole)
        if not code and "mlflow." in text and re.search(r"\bmlflow\.(start_run|autolog|\w+\.autolog)\b", text):
            code, auto = True, " (MLflow tags the run with mlflow.source.git.commit)"
        if not code and "wandb.init" in text and re.search(r"\bwandb\.init\b", text):
            code, auto = True, " (W&B records the git commit of the run)"
        if not code and "WandbLogger" in text and re.search(r"\bWandbLogger\(", text):
            code, auto = True, " (Lightning's WandbLogger starts a W&B run, which records the git commit)"
        if not code and "Trainer" in text:
            tracker = _trainer_tracker(index, text)
            if tracker:
                code, auto = True, f" ({tracker} records the git commit of the run the Trainer reports to)"
        if not code and "Run.get_context" in text and re.search(r"\bRun\.get_context\b", text) and "azureml" in text:
            code, auto = True, " (an Azure ML run records the git commit it was submitted from)"
        if data and code:
            evidence.append(src.path)
            continue
        where, cell = src.where(line)
        if not data and not code:
            findings.append(
                Finding(
                    src.path,
                    where,
                    f"{src.path} saves a model without recording the data version "
                    "or the code commit it was trained from",
                    cell=cell,
                    key=f"no link {src.path}",
                    confidence=Confidence.MEDIUM,  # recording is recognised by known calls and names
                    remediation="Record both with the model, e.g. `mlflow.set_tags({'git_commit': "
                    "commit, 'data_sha256': digest})` and `mlflow.log_input(...)`, or write a "
                    "sidecar: `mlgate stamp <model> --data <training data>`.",
                )
            )
        else:
            missing = (
                "data version (a hash, DVC or Hugging Face revision, mlflow.log_input)"
                if not data
                else "git commit of the training code"
            )
            have = "the code commit" + auto if code else "a data version"
            findings.append(
                Finding(
                    src.path,
                    where,
                    f"{src.path} records {have} but not the {missing}",
                    level=Level.PARTIAL,
                    cell=cell,
                    key=f"half link {src.path}",
                    confidence=Confidence.MEDIUM,
                    remediation="Log the missing half with the model: `mlflow.log_input(mlflow.data."
                    "from_pandas(df, source=path), context='training')` or `mlflow.set_tag("
                    "'data_sha256', digest)` for data; `mlflow.set_tag('git_commit', commit)` for "
                    "code; or run `mlgate stamp <model> --data <inputs>` after saving.",
                )
            )
    return outcome_from_findings(findings, checked=len(seen), what="model-saving scripts", evidence=evidence)


# ------------------------------------------------------------------------------ prov-dataset-lineage
_DEFS = Needles("def ")
RepoIndex.summariser("prov-function-spans", _function_spans, needles=(_DEFS,),
                     at_drop=lambda index, path: "prov-model-data-link" in index.rules and in_a_project(index, path))
_HUB_PUSH = Needles("push_to_hub", "upload_folder", "create_repo", "upload_file")
RepoIndex.summariser("prov-push-sites", _push_sites, needles=(_HUB_PUSH,))
_DATASET_BUILDERS = Needles("GeneratorBasedBuilder", "DatasetBuilder", "ArrowBasedBuilder")


_README_NAME = lazyre.compile(r"^readme(\.(md|markdown|rst|txt))?$", re.I)


def _documented_lineage(index: RepoIndex, path: str) -> str | None:
    sheet = covering([c.path for c in datasheets(index)], path)
    if sheet:
        return sheet
    folder = parent_dir(path)
    while True:
        # the folder's README in any of its usual spellings (README.md, Readme.txt, readme.rst ...)
        readme = next((p for p in index.under(folder) if parent_dir(p) == folder
                       and _README_NAME.match(p.rsplit("/", 1)[-1])), None) if folder else None
        if (
            readme
            and re.search(
                r"\b(source|downloaded|exported|collected|origin)\b|https?://", index.text(readme) or "", re.I
            )
        ):
            return readme
        if not folder:
            return None
        folder = parent_dir(folder)


def dataset_lineage_rule(ctx: Context) -> Outcome:
    index = ctx.index
    sides = sidecars(index)
    datasets: dict[str, tuple[str, int | None, int | None]] = {}  # path -> (where to report, line, cell)
    for path in index.files:
        # a published library's package data (the toy frames its `load_*()` helpers return to users) ships
        # as part of its API, not as a dataset of its own; data its benchmarks or scripts keep is judged
        if path.lower().endswith(DATA_SUFFIXES) and is_data_path(path) and not in_library_package(index, path):
            datasets.setdefault(path, (path, None, None))
    for add_path in index.with_suffix(".dvc"):
        added = dvc_add_for(index, add_path[:-4])
        if added is not None and not is_model_file(add_path[:-4]):
            datasets.setdefault(add_path[:-4], (add_path, added[2], None))
    for stage in dvc_stages(index):
        for out in stage.outs:
            if out.kind == "out" and not is_model_file(out.path) and "model" not in out.path.lower():
                datasets.setdefault(out.path, (stage.dvcfile, out.line, None))
    for path, writer, line, cell in dataset_writes(index):
        datasets.setdefault(path, (writer, line, cell))
    if not datasets:
        return outcome_from_findings([], checked=0, what="datasets")
    findings: list[Finding] = []
    evidence: list[str] = []
    unknown: dict[str, list[str]] = defaultdict(list)
    for path, (where, line, cell) in sorted(datasets.items()):
        prod = dvc_producer(index, path)
        side = sides.get(path)
        added = dvc_add_for(index, path)
        if prod is not None and prod.locked:
            evidence.append(f"{path}: {prod.stage.dvcfile} stage {prod.stage.name}")
        elif (
            side is not None
            and side.valid
            and side.data.get("data")
            and (side.data.get("code") or {}).get("commit")
        ):
            evidence.append(side.path)
        elif added is not None and added[0].source and added[0].pinned_source:
            evidence.append(added[0].path)
        elif prod is not None:
            findings.append(
                Finding(
                    prod.stage.dvcfile,
                    prod.out.line,
                    f"{path} is produced by stage '{prod.stage.name}', but dvc.lock does not lock it",
                    level=Level.PARTIAL,
                    key=f"unlocked {path}",
                    remediation=f"Run `dvc repro {prod.stage.name}` and commit dvc.lock.",
                )
            )
        elif added is not None:
            add = added[0]
            msg = (
                f"{add.path} imports {path} from {add.source} without a pinned revision"
                if add.source
                else f"{add.path} pins the content of {path} but not where it came from or the code that "
                "made it"
            )
            findings.append(
                Finding(
                    add.path,
                    added[2],
                    msg,
                    level=Level.PARTIAL,
                    key=f"dvc add {path}",
                    remediation="Import it with `dvc import <repo> <path>` (records rev_lock) or "
                    "produce it in a dvc.yaml stage from its source; or record source, extraction "
                    f"commit and hash with `mlgate stamp {path} --data <source>`.",
                )
            )
        else:
            doc = _documented_lineage(index, path)
            if doc:
                findings.append(
                    Finding(
                        doc,
                        None,
                        f"the origin of {path} is only described in {doc}; nothing ties "
                        "it to a source version and the code that extracted it",
                        level=Level.PARTIAL,
                        key=f"documented lineage {parent_dir(path)}",
                        confidence=Confidence.MEDIUM,
                        remediation="Produce it in a DVC stage and commit dvc.lock, or stamp it: "
                        f"`mlgate stamp {path} --data <source>`.",
                    )
                )
            else:
                unknown[f"{where}\0{line}\0{cell}" if where != path else parent_dir(path)].append(path)
    for group_key, paths in sorted(unknown.items()):
        if "\0" in group_key:
            where, line_s, cell_s = group_key.split("\0")
            line = int(line_s) if line_s not in ("None", "") else None
            cell = int(cell_s) if cell_s not in ("None", "") else None
            msg = (f"{where} writes {paths[0]} with no record of its source data or the code version that "
                   "made it")
            findings.append(
                Finding(
                    where,
                    line,
                    msg,
                    cell=cell,
                    key=f"no lineage {paths[0]}",
                    confidence=Confidence.MEDIUM,  # the written path is read from code
                    remediation="Make it a DVC stage (`dvc stage add -n prepare -d <source> -d "
                    f"{where} -o {parent_dir(paths[0]) or paths[0]} python {where}`), run `dvc repro` and "
                    "commit dvc.lock.",
                )
            )
        else:
            names = ", ".join(p.rsplit("/", 1)[-1] for p in paths[:3]) + (
                f" and {len(paths) - 3} more" if len(paths) > 3 else ""
            )
            findings.append(
                Finding(
                    paths[0],
                    None,
                    f"{names} {'is' if len(paths) == 1 else 'are'} committed with no "
                    "record of the source and code version that produced "
                    f"{'it' if len(paths) == 1 else 'them'}",
                    key=f"no lineage {group_key}",
                    scope=Scope.REPOSITORY,  # about the folder: shown at its first file
                    remediation="Track it with DVC from its source (`dvc import` / a dvc.yaml stage) "
                    f"or stamp it: `mlgate stamp {paths[0]} --data <source URI@version>`.",
                )
            )
    return outcome_from_findings(findings, checked=len(datasets), what="datasets", evidence=evidence[:20])


# ------------------------------------------------------------------------------ prov-datasheet
_GROUPS: dict[str, re.Pattern[str]] = {
    "Motivation": lazyre.compile(
        r"motivation|curation rationale|purpose|why (this|the) dataset|dataset summary", re.I
    ),
    "Composition": lazyre.compile(
        r"composition|structure|data fields|data instances|contents|data splits|schema", re.I
    ),
    "Collection process": lazyre.compile(r"collect|source data|gathering|acquisition|provenance|origin", re.I),
    "Preprocessing/cleaning/labeling": lazyre.compile(r"pre-?process|clean|label|annotat", re.I),
    "Uses": lazyre.compile(r"\buses?\b|intended|use cases?|out[- ]of[- ]scope|considerations for using", re.I),
    "Distribution": lazyre.compile(r"distribut|licen[cs]|access|sharing|citation", re.I),
    "Maintenance": lazyre.compile(r"mainten|maintain|curators|contact|updates?|versioning|retention", re.I),
}


def datasheet_groups(card: Card) -> tuple[list[str], list[str], int | None]:
    """(answered groups, missing groups, first placeholder line)."""
    answered: list[str] = []
    placeholder: int | None = None
    front = card.front or {}
    for group, pat in _GROUPS.items():
        secs = [s for s in card.sections if pat.search(s.title)]
        if any(substantive(s.body) for s in secs):
            answered.append(group)
            continue
        if group == "Distribution" and front.get("license"):
            answered.append(group)
            continue
        ph = next((s.placeholder_line for s in secs if s.placeholder_line), None)
        if ph is not None and (placeholder is None or ph < placeholder):
            placeholder = ph
    return answered, [g for g in _GROUPS if g not in answered], placeholder


def _dataset_publishers(index: RepoIndex) -> list[tuple[str, int | None, int | None, str]]:
    out: list[tuple[str, int | None, int | None, str]] = [
        (a.dvcfile, a.line, None, f"dvc.yaml artifact '{a.name}'")
        for a in dvc_artifacts(index)
        if a.type == "dataset"
    ]
    out += [
        (p, ln, cell, "push_to_hub of a dataset")
        for p, ln, cell, _ in _push_to_hub_sites(index, datasets=True)
    ]
    for src in non_test_sources(index, _DATASET_BUILDERS, keep=False):
        for node in src.of_types(ast.ClassDef):
            if any(
                re.search(r"(GeneratorBased|Arrow|Dataset)Builder$", ast.unparse(b)) for b in node.bases
            ):
                line, cell = src.where(node.lineno)
                out.append((src.path, line, cell, "Hugging Face dataset loading script"))
                break
    return out


def datasheet_rule(ctx: Context) -> Outcome:
    index = ctx.index
    sheets = datasheets(index)
    publishers = _dataset_publishers(index)
    if not sheets and not publishers:
        return outcome_from_findings([], checked=0, what="published datasets or datasheets")
    findings: list[Finding] = []
    for sheet in sheets:
        answered, missing, placeholder = datasheet_groups(sheet)
        if len(answered) >= 5:
            continue
        findings.append(
            Finding(
                sheet.path,
                placeholder or 1,
                f"{sheet.path} answers {len(answered)} of the 7 datasheet question groups; "
                f"missing: {', '.join(missing)}"
                + (" (placeholder text counts as missing)" if placeholder else ""),
                level=Level.PARTIAL,
                key="datasheet incomplete",
                confidence=Confidence.MEDIUM,
                remediation=f"Add a section for each of: {', '.join(missing)}.",
            )
        )
    if not sheets and publishers:
        # One absence, the repository's: shown at its first publisher and naming a few others. A finding
        # per publisher, cut to the first few, made a pull request that removes one publisher surface
        # another it never touched as new (huggingface/autotrain-advanced removing dreambooth).
        path, line, cell, what = publishers[0]
        also = _and_more([(p, ln) for p, ln, _, _ in publishers[1:]])
        findings.append(
            Finding(
                path,
                line,
                f"{what} publishes a dataset{also}, and the repository has no datasheet",
                cell=cell,
                key="no datasheet",
                scope=Scope.REPOSITORY,
                confidence=Confidence.MEDIUM,
                remediation="Add a DATASHEET.md next to the dataset (or a Hugging Face dataset "
                "card) answering Motivation, Composition, Collection process, Preprocessing, "
                "Uses, Distribution and Maintenance.",
            )
        )
    return outcome_from_findings(
        findings,
        checked=len(sheets) + len(publishers),
        what="datasets and datasheets",
        evidence=[s.path for s in sheets],
    )


# ------------------------------------------------------------------------------ prov-immutable-model-ref
_MLFLOW_URI = lazyre.compile(r"models:/([^/@\s\"'`{}]+)(?:/([^\s\"'`/{}]+)|@([\w-]+))")
_LEGACY_STAGES = frozenset({"production", "staging", "archived", "none"})
_URI_KEYS = frozenset(
    {
        "storageUri",
        "modelUri",
        "ModelDataUrl",
        "modelDataUrl",
        "model_uri",
        "model_data_url",
        "model_data",
        "ModelDataSource",
    }
)
_URI_NEEDLES = Needles(*sorted(_URI_KEYS))
_PY_MODEL_REFS = Needles("models:/", "bentoml", "model_data", "wandb")
_MLFLOW_MODEL_URI = Needles("models:/")  # any other text file: asked, never read ahead
_VERSION_TOKEN = lazyre.compile(
    r"(?:^|[/_.@:=-])(v?\d+(?:\.\d+)*|\d{8}(?:T?\d{4,6})?|[0-9a-f]{7,64})(?=$|[/_.-])|"
    r"[?&](?:versionId|generation)=",
    re.I,
)
_LATEST = lazyre.compile(r"(?:^|[/_.:@-])latest(?=$|[/_.-])", re.I)
_TEXT_FILES = (".py", ".yaml", ".yml", ".json", ".sh", ".toml", ".cfg", ".env", ".tf", ".ipynb")


@dataclass(frozen=True)
class ModelRef:
    path: str
    line: int | None
    cell: int | None
    value: str
    state: str  # ok | stage | latest | unversioned
    manifest: bool
    # medium: a W&B artifact name taken for a model's from the name it is bound to (`staged_model = f"...:latest"`)
    sure: bool = True


def classify_ref(value: str) -> str | None:
    if "{{" in value or "${" in value or "$(" in value:
        return None  # templated: resolved at deploy time
    m = _MLFLOW_URI.search(value)
    if m:
        if m.group(3):
            return "latest" if m.group(3).lower() == "latest" else "ok"
        ver = m.group(2) or ""
        if ver.isdigit():
            return "ok"
        if ver.lower() == "latest":
            return "latest"
        if ver.lower() in _LEGACY_STAGES:
            return "stage"
        return None
    if value.startswith("runs:/"):
        return "ok"
    if _LATEST.search(value):
        return "latest"
    if "://" in value or value.startswith("/"):
        tail = "/".join(value.split("://", 1)[-1].split("/")[1:])
        return "ok" if _VERSION_TOKEN.search(tail) else "unversioned"
    return None


def _walk_uris(node: Any, out: list[tuple[str, int | None]], depth: int = 0) -> None:
    if depth > 30:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            if str(k) in _URI_KEYS and isinstance(v, str):
                out.append((v, yaml_line(node, k)))
            else:
                _walk_uris(v, out, depth + 1)
    elif isinstance(node, list):
        for v in node:
            _walk_uris(v, out, depth + 1)


def _may_hold_uri(index: RepoIndex, path: str) -> bool:
    """Whether a YAML file can give a model URI, judged from its text before loading it: kserve's CRDs
    name `storageUri` hundreds of times, always over a schema (`storageUri:` then `type: string`), and
    loading them with line numbers was a third of the scan. A file the YAML loader refuses by size is
    handed to it as before, so that its notice is the same."""
    size = index.size(path)
    if size is None or size > MAX_YAML_BYTES:
        return True
    return yaml_keys_may_hold_text(index.text(path) or "", _URI_KEYS)


def _model_refs(ctx: Context) -> list[ModelRef]:
    index = ctx.index

    def compute() -> list[ModelRef]:
        refs: dict[tuple[str, int | None], ModelRef] = {}
        for path in index.files:
            if is_test_file(path) or in_dirs(path, NON_SHIPPED_CODE_DIRS):
                continue
            name = path.rsplit("/", 1)[-1]
            if not (
                path.endswith(_TEXT_FILES)
                or name in ("Makefile", "MLproject", "Procfile")
                or is_dockerfile(path)
            ):
                continue
            if (path.endswith((".yaml", ".yml")) and index.contains(path, _URI_NEEDLES)
                    and _may_hold_uri(index, path)):
                for doc in index.yaml(path):
                    if not isinstance(doc, dict):
                        continue
                    kind = str(doc.get("kind", ""))
                    found: list[tuple[str, int | None]] = []
                    _walk_uris(doc, found)
                    manifest = kind in _DEPLOY_KINDS or "AWS::SageMaker" in str(doc) or "Resources" in doc
                    for value, line in found:
                        state = classify_ref(value)
                        if state:
                            refs[(path, line)] = ModelRef(path, line, None, value, state, manifest)
            if path.endswith((".py", ".ipynb")):
                if not index.contains(path, _PY_MODEL_REFS):
                    continue
                for key, ref in index.summary("prov-model-refs", path):
                    refs.setdefault(key, ref)
            elif index.contains(path, _MLFLOW_MODEL_URI):
                for lineno, text in enumerate(index.lines(path), start=1):
                    for m in _MLFLOW_URI.finditer(text):
                        state = classify_ref(m.group(0))
                        if state and (path, lineno) not in refs:
                            refs[(path, lineno)] = ModelRef(
                                path, lineno, None, m.group(0), state, is_dockerfile(path)
                            )
        for _job, c in ci_reached(index):  # `az ml model deploy --model name:version` in a CD pipeline
            for m in _AZ_MODEL.finditer(c.command.replace("\\\n", " ")):
                if _AZ_VERSION.search(m.group(1)):
                    refs.setdefault((c.path, c.line), ModelRef(c.path, c.line, None, m.group(1), "ok", True))
        return [refs[k] for k in sorted(refs, key=lambda k: (k[0], k[1] or 0))]

    return index.memo("prov:model-refs", compute)


# Azure ML CLI v1: `--model NAME:VERSION` (or `-m`); a version that is a number, or a variable named for
# the version a previous step looked up in the registry, pins the deployed model
_AZ_MODEL = lazyre.compile(r"\baz\s+ml\s+model\s+deploy\b[^\n]*?\s(?:--model|-m)[= ]+[\"']?([^\s\"']+)")
_AZ_VERSION = lazyre.compile(r":(\d+|\$\(?\{?[\w.]*version[\w.]*\)?\}?)$", re.I)


# a W&B artifact's alias: `entity/project/name:latest` (whatever was logged last), `name:v3` (a version) or
# `name:production` (an alias someone moves on purpose, as MLflow's `@champion`)
_WANDB_ALIAS = lazyre.compile(r":([\w.-]+)$")


def _wandb_ref(node: ast.expr) -> tuple[str, str] | None:
    """(shown value, state) of a W&B artifact name: a string, or an f-string whose last literal part gives the
    alias (`f"{entity}/{project}/{name}:latest"`); None when it names no alias."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[-1], ast.Constant):
        text = ast.unparse(node)[2:-1]
    else:
        return None
    m = _WANDB_ALIAS.search(text)
    return (text, "latest" if m.group(1) == "latest" else "ok") if m else None


def _wandb_refs(src: PySource, refs: dict[tuple[str, int | None], ModelRef]) -> None:
    """W&B artifacts a module fetches as models: `run.use_artifact(name, type="model")`, `api.artifact(...)`
    of a name that says model, or a name bound to a variable that says model (`staged_model =
    f"{entity}/{project}/{name}:latest"`, handed to a download helper: medium confidence)."""
    for c in calls(src):
        if c.qualified.split(".")[-1] in ("use_artifact", "artifact") and c.node.args:
            kind = next((k.value for k in c.node.keywords if k.arg == "type"), None)
            got = _wandb_ref(c.node.args[0])
            says_model = isinstance(kind, ast.Constant) and kind.value == "model"
            if got and (says_model or "model" in got[0].lower()):
                line, cell = src.where(c.node.lineno)
                refs.setdefault((src.path, line), ModelRef(src.path, line, cell, got[0], got[1], False))
    for node in src.of_types(ast.Assign):
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        got = _wandb_ref(node.value) if any("model" in n.lower() for n in names) else None
        if got and got[1] == "latest":
            line, cell = src.where(node.lineno)
            refs.setdefault((src.path, line), ModelRef(src.path, line, cell, got[0], "latest", False, sure=False))


def _python_refs(src: PySource, refs: dict[tuple[str, int | None], ModelRef]) -> None:
    table = aliases(src)
    if any(v.split(".")[0] == "wandb" for v in table.values()):
        _wandb_refs(src, refs)
    bento = any(v.startswith("bentoml") for v in table.values())
    for node in src.of_types(ast.Constant):
        if isinstance(node.value, str) and "models:/" in node.value:
            state = classify_ref(node.value)
            if state:
                line, cell = src.where(node.lineno)
                refs.setdefault((src.path, line), ModelRef(src.path, line, cell, node.value, state, False))
    for c in calls(src):
        last = c.qualified.split(".")[-1]
        kws = {k.arg: k.value for k in c.node.keywords if k.arg}
        value_node = kws.get("model_data")
        if bento and c.qualified.startswith("bentoml.") and last in ("get", "load_model") and c.node.args:
            value_node = c.node.args[0]
            if isinstance(value_node, ast.Constant) and isinstance(value_node.value, str):
                tag = value_node.value
                state = "latest" if ":" not in tag or tag.endswith(":latest") else "ok"
                line, cell = src.where(c.node.lineno)
                refs.setdefault((src.path, line), ModelRef(src.path, line, cell, tag, state, False))
            continue
        if isinstance(value_node, ast.Constant) and isinstance(value_node.value, str):
            state = classify_ref(value_node.value)
            if state:
                line, cell = src.where(c.node.lineno)
                refs.setdefault(
                    (src.path, line), ModelRef(src.path, line, cell, value_node.value, state, True)
                )


def _refs_of(path: str, sources: list[PySource]) -> tuple[tuple[tuple[str, int | None], ModelRef], ...]:
    """The model references of a module or notebook (``_python_refs``, in its order): a summary, made at the drop of
    its parse where ``_model_refs`` asks it, so that its tree is neither kept nor parsed again for them (the modules
    training reaches are not kept: karunru/kaggle_monorepo's 54 that spell wandb were parsed again)."""
    refs: dict[tuple[str, int | None], ModelRef] = {}
    for src in sources:
        _python_refs(src, refs)
    return tuple(refs.items())


_MODEL_REF_RULES = frozenset({"prov-model-card", "prov-immutable-model-ref"})
RepoIndex.summariser("prov-model-refs", _refs_of, needles=(_PY_MODEL_REFS,), absent=(),
                     at_drop=lambda index, path: not index.rules.isdisjoint(_MODEL_REF_RULES)
                     and not is_test_file(path) and not in_dirs(path, NON_SHIPPED_CODE_DIRS))


_ALIAS_SETTER = Needles("set_registered_model_alias")
_VERDICT_CALL = lazyre.compile(r"(?i)better|beats|improv|outperform|validat|passes|gate|threshold|compare")


def _a_check(test: ast.AST) -> bool:
    """A condition that judges a model: an ordering comparison of something other than constants and
    counts (``auc < champion_auc``), or a call named for a verdict (``beats_champion(...)``)."""
    for node in ast.walk(test):
        if isinstance(node, ast.Compare) and any(isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE)
                                                 for op in node.ops):
            sides = [node.left, *node.comparators]
            if not all(isinstance(x, ast.Constant) or (isinstance(x, ast.Call) and isinstance(x.func, ast.Name)
                                                        and x.func.id == "len") for x in sides):
                return True
        elif isinstance(node, ast.Call) and _VERDICT_CALL.search((dotted(node.func) or "").split(".")[-1]):
            return True
    return False


def _stops(body: list[ast.stmt]) -> bool:
    return any(isinstance(n, ast.Raise | ast.Return) or (
        isinstance(n, ast.Call) and (dotted(n.func) or "").split(".")[-1] in ("exit", "_exit", "abort", "fail"))
        for stmt in body for n in ast.walk(stmt))


def _scope_nodes(scope: ast.AST) -> list[ast.AST]:
    """The nodes of a module or function, without those of the functions and classes defined in it."""
    out: list[ast.AST] = []
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        n = todo.pop()
        out.append(n)
        if not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            todo.extend(ast.iter_child_nodes(n))
    return out


def _alias_movers(index: RepoIndex) -> dict[tuple[str | None, str], tuple[str, int | None]]:
    """Registry aliases that code moves with no check of the model: (model name or None when it is not a
    literal, alias) -> where. ``client.set_registered_model_alias(name, "champion", latest.version)`` with
    no metric comparison before it makes the alias follow the newest version, as "latest" does."""

    def compute() -> dict[tuple[str | None, str], tuple[str, int | None]]:
        out: dict[tuple[str | None, str], tuple[str, int | None]] = {}
        for src in non_test_sources(index, _ALIAS_SETTER, keep=False):
            table = aliases(src)
            if any(qualify(c.name, table).split(".")[-1] in ("validate_evaluation_results", "validate")
                   for c in calls(src)):
                continue  # the file validates the candidate before it moves anything
            scopes: list[ast.AST] = [src.tree, *src.of_types(ast.FunctionDef, ast.AsyncFunctionDef)]
            guarded: set[int] = set()  # ids of calls under a check, or after a check that stops the run
            for scope in scopes:
                own = _scope_nodes(scope)
                stops_at = [n.lineno for n in own
                            if (isinstance(n, ast.If) and _a_check(n.test) and (_stops(n.body) or _stops(n.orelse)))
                            or (isinstance(n, ast.Assert) and _a_check(n.test))]
                for n in own:
                    if isinstance(n, ast.If | ast.While | ast.IfExp) and _a_check(n.test):
                        guarded |= {id(c) for c in ast.walk(n) if isinstance(c, ast.Call)}
                    elif isinstance(n, ast.Call) and stops_at and min(stops_at) < n.lineno:
                        guarded.add(id(n))
            for c in calls(src):
                if c.name.split(".")[-1] != "set_registered_model_alias" or id(c.node) in guarded:
                    continue
                kws = {k.arg: k.value for k in c.node.keywords if k.arg}
                args = list(c.node.args)
                name_node = kws.get("name", args[0] if args else None)
                alias_node = kws.get("alias", args[1] if len(args) > 1 else None)
                if not (isinstance(alias_node, ast.Constant) and isinstance(alias_node.value, str)):
                    continue
                name = _resolve_str(src, name_node)
                line, _cell = src.where(c.node.lineno)
                out.setdefault((name, alias_node.value), (src.path, line))
        return out

    return index.memo("prov:alias-movers", compute)


def _resolve_str(src: PySource, node: ast.AST | None) -> str | None:
    """A string literal, or a module-level constant assigned one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        for n in src.tree.body:
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets) \
                    and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str):
                return n.value.value
    return None


def immutable_model_ref_rule(ctx: Context) -> Outcome:
    refs = _model_refs(ctx)
    movers = _alias_movers(ctx.index) if refs else {}
    findings: list[Finding] = []
    for ref in refs:
        alias = _MLFLOW_URI.search(ref.value) if ref.state == "ok" and movers else None
        if alias and alias.group(3):
            mover = movers.get((alias.group(1), alias.group(3))) or movers.get((None, alias.group(3)))
            if mover:
                findings.append(
                    Finding(
                        ref.path,
                        ref.line,
                        f"`{ref.value}` names an alias that {mover[0]}:{mover[1]} moves to a new version with "
                        "no check of the model: it follows whatever was registered last",
                        cell=ref.cell,
                        key=f"moving alias {ref.value}",
                        # the check may run in an earlier pipeline step that stops the run
                        confidence=Confidence.MEDIUM,
                        remediation="Move the alias only after the candidate passes a metric floor and beats the "
                        "current champion (`client.get_model_version_by_alias(name, 'champion')`), or serve "
                        "`models:/<name>/<version>`.",
                    )
                )
        if ref.state == "ok":
            continue
        if ref.state == "latest":
            findings.append(
                Finding(
                    ref.path,
                    ref.line,
                    f"`{ref.value}` follows whatever was registered or uploaded "
                    "last: you cannot tell which model serves, or roll back to the previous one",
                    cell=ref.cell,
                    key=f"latest {ref.value}",
                    confidence=Confidence.HIGH if ref.sure else Confidence.MEDIUM,
                    remediation="Reference a specific version or a governed alias, e.g. "
                    "`models:/<name>/7` or `models:/<name>@champion` (BentoML: `name:<version>`; W&B: "
                    "`<name>:v7` or an alias you move on purpose, `<name>:production`).",
                )
            )
        elif ref.state == "stage":
            findings.append(
                Finding(
                    ref.path,
                    ref.line,
                    f"`{ref.value}` uses an MLflow registry stage, deprecated "
                    "since MLflow 2.9; the model behind it changes whenever someone transitions a "
                    "version",
                    level=Level.PARTIAL,
                    cell=ref.cell,
                    key=f"stage {ref.value}",
                    suggestion=None,
                    remediation="Move to an alias: `client.set_registered_model_alias(name, "
                    "'champion', version)` and load `models:/<name>@champion`.",
                )
            )
        else:
            findings.append(
                Finding(
                    ref.path,
                    ref.line,
                    f"`{ref.value}` names no version: replacing the object silently changes the served model",
                    level=Level.PARTIAL,
                    cell=ref.cell,
                    key=f"unversioned {ref.value}",
                    confidence=Confidence.MEDIUM,  # "no version" is read from the shape of the path
                    remediation="Put the model version in the path (e.g. `.../churn-clf/v7/`), or "
                    "reference the object version (`?versionId=`) of a versioned bucket.",
                )
            )
    return outcome_from_findings(
        findings,
        checked=len(refs),
        what="model references",
        evidence=[f"{r.path}:{r.line}" for r in refs if r.state == "ok"][:20],
    )


RULES: dict[str, RuleFn] = {
    "prov-artifact-metadata": artifact_metadata_rule,
    "prov-model-card": model_card_rule,
    "prov-model-data-link": model_data_link_rule,
    "prov-dataset-lineage": dataset_lineage_rule,
    "prov-datasheet": datasheet_rule,
    "prov-immutable-model-ref": immutable_model_ref_rule,
}
