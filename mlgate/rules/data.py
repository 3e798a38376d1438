"""Pinned data versions (Infra 1) and data schemas (Data 1)."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import field, replace
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from mlgate import lazyre
from mlgate.facts.automation import Run, automation_commands, documented_commands, runs_of
from mlgate.facts.dvc import (
    Pipeline,
    Stage,
    dvc_files,
    join,
    orphan_locks,
    params_value,
    pipelines,
    tracked_outputs,
    uses_dvc,
)
from mlgate.facts.lfs import is_pointer, lfs_router, lfs_rule_for, lfs_rules
from mlgate.facts.project import in_library_package, library_docs, library_tooling
from mlgate.facts.pycode import dotted, main_guard
from mlgate.facts.python import (
    UNRESOLVED,
    ConfigValue,
    Resolved,
    Resolver,
    Unit,
    argument,
    build_unit,
    is_test_path,
    keyword,
    repo_imports,
    unit_at_hand,
    units,
    units_where,
)
from mlgate.facts.tests import python_files
from mlgate.inventory import APPLICATION, RESEARCH, SERVICE
from mlgate.model import Confidence, Finding, Level, Outcome, Scope, Status
from mlgate.patterns import EXAMPLE_OR_DEMO_CODE, SAMPLE_CODE
from mlgate.records import dataclass
from mlgate.repo import Needles, PySource, RepoIndex, parent_dir, split_lines, yaml_line
from mlgate.rules.base import Context, RuleFn, outcome_from_findings

SHA40 = lazyre.compile(r"^[0-9a-f]{40}$")
SHORT_SHA = lazyre.compile(r"^[0-9a-f]{7,39}$")
MD5 = lazyre.compile(r"^[0-9a-f]{32}$")
PIN = '"<40-hex commit sha>"'


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())



def _loc(src: PySource, node: ast.AST) -> tuple[int | None, int | None]:
    return src.where(getattr(node, "lineno", None))


# ================================================================================ data-dvc-pinned
def _md5s(data: bytes) -> set[str]:
    """md5 of the bytes as DVC 3 hashes them, and of the dos2unix text DVC 2 hashed."""
    import hashlib  # here: the data-pins hook hashes nothing unless a DVC lock lists its file

    raw = hashlib.md5(data, usedforsecurity=False).hexdigest()
    unix = hashlib.md5(data.replace(b"\r\n", b"\n"), usedforsecurity=False).hexdigest()
    return {raw, unix}


def _stale_reasons(index: RepoIndex, pipe: Pipeline, stage: Stage) -> list[tuple[str, int | None, str]]:
    """(path, line, reason) for each way the lock no longer describes the stage."""
    reasons: list[tuple[str, int | None, str]] = []
    assert pipe.lock is not None
    for locked in pipe.locked(stage)[:1]:
        if (
            stage.cmd
            and locked.cmd
            and not stage.templated
            and "${" not in stage.cmd
            and " ".join(stage.cmd.split()) != " ".join(locked.cmd.split())
        ):
            reasons.append(
                (pipe.path, stage.line, f"its command changed (dvc.lock has `{locked.cmd.strip()}`)")
            )
        locked_deps = {join("", d.path) for d in locked.deps}
        if not stage.templated:
            missing = [d for d in stage.deps if "${" not in d.path and join("", d.path) not in locked_deps]
            if missing:
                reasons.append(
                    (pipe.path, missing[0].line, f"dependency `{missing[0].path}` is not in its lock entry")
                )
        for dep in locked.deps:
            repo_path = pipe.stage_path(stage, dep.path)
            if not dep.hash or not MD5.match(dep.hash) or not index.exists(repo_path):
                continue
            size = index.size(repo_path)
            if size is None or size > 2_000_000:
                continue
            data = index.read_bytes(repo_path, 2_000_000)
            if data is not None and dep.hash not in _md5s(data):
                reasons.append(
                    (
                        pipe.lock.path,
                        dep.line,
                        f"`{dep.path}` changed since dvc.lock recorded it (md5 {dep.hash[:8]}...)",
                    )
                )
    return reasons


def dvc_pinned(ctx: Context) -> Outcome:
    index = ctx.index
    if not uses_dvc(index):
        return Outcome(Status.NOT_APPLICABLE, "the repository does not use DVC")
    findings: list[Finding] = []
    evidence: list[str] = []
    checked = 0
    for f in dvc_files(index):
        evidence.append(f.path)
        for out in f.outs:
            checked += 1
            if not out.hash:
                findings.append(
                    Finding(
                        f.path,
                        out.line,
                        f"`{out.path}` is declared in {f.path} without a content hash, so no version "
                        "of it is pinned",
                        key=f"no hash {out.path}",
                        remediation=f"Run `dvc commit {f.path}` (or `dvc add` the data again) and commit "
                                    f"the updated "
                        ".dvc file; push the data with `dvc push`.",
                    )
                )
        for dep in f.deps:
            if dep.repo_url:
                checked += 1
                if not dep.rev_lock:
                    findings.append(
                        Finding(
                            f.path,
                            dep.line,
                            f"import of `{dep.path}` from {dep.repo_url} has no `rev_lock`: it follows "
                            f"{'`' + dep.rev + '`' if dep.rev else 'the default branch'} instead of a fixed "
                            f"commit",
                            level=Level.PARTIAL,
                            key=f"no rev_lock {dep.path}",
                            remediation=f"Run `dvc update {f.path}` to record the source commit as "
                                        f"`rev_lock`, "
                            "and commit the .dvc file.",
                        )
                    )
            elif "://" in dep.path and not dep.hash:
                checked += 1
                findings.append(
                    Finding(
                        f.path,
                        dep.line,
                        f"`dvc import-url` of {dep.path} records no etag or checksum of the source",
                        level=Level.PARTIAL,
                        key=f"no etag {dep.path}",
                        remediation=f"Re-run `dvc import-url` or `dvc update {f.path}` so the source's "
                                    f"etag/md5 is "
                        "recorded, and commit the .dvc file.",
                    )
                )
    outputs = tracked_outputs(index)
    for pipe in pipelines(index):
        evidence.append(pipe.path)
        if pipe.lock is not None:
            evidence.append(pipe.lock.path)
        for stage in pipe.stages.values():
            checked += 1
            if pipe.lock is None:
                findings.append(
                    Finding(
                        pipe.path,
                        stage.line,
                        f"stage `{stage.name}` has no committed dvc.lock, so the versions of its "
                        "data, code and outputs are not recorded",
                        level=Level.PARTIAL,
                        key=f"no lock {stage.name}",
                        remediation="Run `dvc repro` and commit dvc.lock (remove it from .gitignore if it "
                                    "is ignored).",
                    )
                )
                continue
            if not pipe.locked(stage):
                findings.append(
                    Finding(
                        pipe.path,
                        stage.line,
                        f"stage `{stage.name}` is missing from {pipe.lock.path}: it has not been "
                        "run since it was added, or the lock was not committed",
                        level=Level.PARTIAL,
                        key=f"unlocked {stage.name}",
                        remediation=f"Run `dvc repro {stage.name}` and commit {pipe.lock.path}.",
                    )
                )
                continue
            reasons = _stale_reasons(index, pipe, stage)
            if reasons:
                path, line, _ = reasons[0]
                why = "; ".join(r for _, _, r in reasons[:3]) + ("; ..." if len(reasons) > 3 else "")
                findings.append(
                    Finding(
                        path,
                        line,
                        f"{pipe.lock.path} is stale for stage `{stage.name}`: {why}",
                        level=Level.PARTIAL,
                        key=f"stale {stage.name}",
                        remediation=f"Run `dvc repro {stage.name}` so the lock records what the committed "
                                    f"code and data "
                        f"produce, then commit {pipe.lock.path} (and `dvc push` the outputs).",
                    )
                )
        if pipe.lock is not None:
            for name, locked in pipe.lock.stages.items():
                base = name.split("@", 1)[0]
                if base not in pipe.stages:
                    findings.append(
                        Finding(
                            pipe.lock.path,
                            locked.line,
                            f"{pipe.lock.path} records stage `{name}`, which {pipe.path} no longer declares",
                            level=Level.PARTIAL,
                            key=f"orphan {name}",
                            remediation="Run `dvc repro` (or `dvc remove` the old stage) and commit the "
                                        "refreshed lock.",
                        )
                    )
        for art in pipe.artifacts:
            if "://" in art.path:
                continue
            checked += 1
            path = join(pipe.folder, art.path)
            pinned = index.exists(path) or any(path == o or path.startswith(o + "/") for o in outputs)
            if not pinned:
                findings.append(
                    Finding(
                        pipe.path,
                        art.line,
                        f"artifact `{art.name}` ({art.path}) is neither an output of a locked "
                        "stage nor tracked by a .dvc file, so its version is not pinned",
                        level=Level.PARTIAL,
                        key=f"artifact {art.name}",
                        remediation=f"Produce {art.path} in a dvc.yaml stage (`outs:`) or `dvc add "
                                    f"{art.path}`, then "
                        "commit the lock or .dvc file.",
                    )
                )
    for lock in orphan_locks(index):
        evidence.append(lock.path)
        for name, locked in lock.stages.items():
            checked += 1
            findings.append(
                Finding(
                    lock.path,
                    locked.line,
                    f"{lock.path} records stage `{name}` but there is no dvc.yaml beside it",
                    level=Level.PARTIAL,
                    key=f"lock without dvc.yaml {name}",
                    remediation="Commit the dvc.yaml that declares the pipeline next to its dvc.lock.",
                )
            )
    if checked == 0:
        noticed = {n.path for n in index.notices}
        unreadable = sorted(p for p in (*index.with_suffix(".dvc"), *index.named("dvc.yaml")) if p in noticed)
        if unreadable:  # "tracks no data" would be a guess: the files that say what it tracks are unreadable
            return Outcome(Status.UNKNOWN, f"DVC files could not be read ({', '.join(unreadable[:3])}"
                           f"{' ...' if len(unreadable) > 3 else ''}); see the notices", evidence=tuple(unreadable))
        where = ".dvc/config" if index.exists(".dvc/config") else evidence[0] if evidence else index.files[0]
        return outcome_from_findings(
            [
                Finding(
                    where,
                    None,
                    "DVC is set up but tracks no data: there is no .dvc file and no dvc.yaml stage",
                    key="dvc tracks nothing",
                    scope=Scope.REPOSITORY,
                    remediation="Track the training data with `dvc add data/<dataset>` (or produce it in a "
                                "dvc.yaml stage), "
                    "commit the .dvc file or dvc.lock, and `dvc push` the data.",
                )
            ],
            checked=1,
            what="DVC-tracked items",
            evidence=evidence,
        )
    return outcome_from_findings(
        findings, checked=checked, what="DVC-tracked items (outs, imports, stages)", evidence=evidence
    )


# ========================================================================== data-dvc-params-fresh
def _load_params(index: RepoIndex, path: str) -> Any:
    if path.endswith((".yaml", ".yml")):
        docs = index.yaml(path)
        return docs[0] if docs else None
    if path.endswith(".json"):
        return index.json(path)
    if path.endswith(".toml"):
        return index.toml(path)
    return None


def _differences(current: Any, locked: Any, prefix: str) -> list[tuple[str, Any, Any]]:
    if isinstance(current, dict) and isinstance(locked, dict):
        out: list[tuple[str, Any, Any]] = []
        for k in sorted(set(current) | set(locked), key=str):
            out += _differences(current.get(k, UNRESOLVED), locked.get(k, UNRESOLVED), f"{prefix}.{k}")
        return out
    if _same(current, locked):
        return []
    return [(prefix, current, locked)]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (a == b and type(a) is type(b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(a)), abs(float(b)))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=False))
    if isinstance(a, dict) and isinstance(b, dict):
        return not _differences(a, b, "")
    return bool(a == b)


def _show(value: Any) -> str:
    if value is UNRESOLVED:
        return "(absent)"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def params_fresh(ctx: Context) -> Outcome:
    index = ctx.index
    findings: list[Finding] = []
    checked = 0
    evidence: list[str] = []
    for pipe in pipelines(index):
        if pipe.lock is None:
            continue
        for stage in pipe.stages.values():
            if stage.templated or not stage.params:
                continue
            locked_all = pipe.locked(stage)
            if not locked_all:
                continue  # data-dvc-pinned reports stages missing from the lock
            locked = locked_all[0]
            for ref in stage.params:
                if "${" in ref.file or (ref.key and "${" in ref.key):
                    continue
                file = pipe.stage_path(stage, ref.file)
                checked += 1
                evidence.append(file)
                doc = _load_params(index, file)
                if doc is None:
                    if not index.exists(file):
                        findings.append(
                            Finding(
                                pipe.path,
                                ref.line,
                                f"stage `{stage.name}` reads parameters from {file}, which is not committed",
                                key=f"missing file {file}",
                                remediation=f"Commit {file}, or fix the file name in {pipe.path}.",
                            )
                        )
                    continue
                recorded = locked.params.get(ref.file, locked.params.get(file))
                keys = [ref.key] if ref.key else sorted((recorded or {}).keys())
                for key in keys:
                    found, current, parent, last = params_value(doc, key)
                    if not found:
                        findings.append(
                            Finding(
                                pipe.path,
                                ref.line,
                                f"stage `{stage.name}` declares parameter `{key}`, which {file} does "
                                "not define",
                                key=f"undefined {stage.name} {key}",
                                remediation=f"Add `{key}` to {file}, or remove it from the stage's "
                                            f"`params:` in "
                                f"{pipe.path}.",
                            )
                        )
                        continue
                    if recorded is None or key not in recorded:
                        findings.append(
                            Finding(
                                pipe.lock.path,
                                locked.params_line or locked.line,
                                f"{pipe.lock.path} has no recorded value of `{key}` for stage "
                                f"`{stage.name}`: the stage "
                                "has not run since the parameter was added",
                                key=f"unrecorded {stage.name} {key}",
                                remediation=f"Run `dvc repro {stage.name}` and commit {pipe.lock.path}.",
                            )
                        )
                        continue
                    for sub, now, then in _differences(current, recorded[key], key)[:3]:
                        line = _param_line(doc, sub) or yaml_line(parent, last)
                        findings.append(
                            Finding(
                                file,
                                line,
                                f"`{sub}` is {_show(now)} in {file}, but {pipe.lock.path} recorded "
                                f"{_show(then)} "
                                f"when stage `{stage.name}` last ran: the committed outputs and metrics "
                                f"were not produced "
                                "with the committed parameters",
                                key=f"stale {stage.name} {sub}",
                                remediation=f"Run `dvc repro {stage.name}` and commit {pipe.lock.path} with "
                                            f"{file} "
                                "(or restore the recorded value).",
                            )
                        )
    return outcome_from_findings(findings, checked=checked, what="locked stage parameters", evidence=evidence)


def _param_line(doc: Any, key: str) -> int | None:
    found, _value, parent, last = params_value(doc, key)
    return yaml_line(parent, last) if found and parent is not None else None


# ========================================================================================= data-lfs
DATA_SUFFIXES = _words(
    ".parquet .csv .tsv .jsonl .ndjson .feather .arrow .avro .orc .tfrecord .tfrecords .npy .npz .h5 .hdf5 "
    ".pkl .pickle .joblib .pt .pth .ckpt .onnx .pb .safetensors .gguf .bin .keras .msgpack .xlsx .xls .db "
    ".sqlite .zip .gz .tgz .tar .bz2 .xz .7z .mat .sav .model .weights .lmdb .rds .dta .dat"
)


def _data_like(path: str) -> bool:
    """A data or model file by its suffix (PurePosixPath's ``suffix``, or its last two ``suffixes``), read
    from the string: the rule asks it of every file of the repository."""
    name = path.lower().rsplit("/", 1)[-1]
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1 and name[dot:] in DATA_SUFFIXES:
        return True
    parts = name.lstrip(".").split(".")
    return not name.endswith(".") and len(parts) > 2 and \
        f".{parts[-2]}.{parts[-1]}" in (".csv.gz", ".json.gz", ".tar.gz")


def lfs(ctx: Context) -> Outcome:
    index = ctx.index
    limit = int(ctx.options.get("large-file-bytes", 1_000_000))
    rules = lfs_rules(index)
    pointers: list[str] = []
    not_pointers: list[str] = []
    large: list[tuple[str, int]] = []
    routed = lfs_router(index) if rules else None
    for path in index.files:
        if path.endswith(".gitattributes"):
            continue
        if is_pointer(index.head(path, 64)):
            pointers.append(path)
            continue
        if routed is not None and routed(path):
            not_pointers.append(path)
            continue
        # a published library's package resources (CLIP's BPE vocabulary, clip/bpe_simple_vocab_16e6.txt.gz) ship
        # in its wheels and in `pip install git+...` checkouts, which do not fetch LFS objects: not data to move
        if _data_like(path) and not (ctx.model.is_library and in_library_package(index, path)):
            size = index.size(path) or 0
            if size > limit:
                large.append((path, size))
    committed = index.committed_lfs_pointers(not_pointers) if not_pointers else set()
    smudged = [p for p in not_pointers if committed and p in committed]
    plain_in_lfs = [p for p in not_pointers if not (committed and p in committed)]
    findings: list[Finding] = []
    for path in plain_in_lfs:
        rule = lfs_rule_for(index, path)
        where = f" ({rule.path} line {rule.line}: `{rule.pattern}`)" if rule and rule.lfs else ""
        findings.append(
            Finding(
                path,
                None,
                f"{path} matches a Git LFS pattern{where} but is committed as a plain git blob, not an LFS "
                "pointer: clones report it as a file that should have been a pointer",
                key=f"not a pointer {path}",
                remediation=f"Re-commit it through LFS: `git lfs migrate import --no-rewrite {path}` (or "
                            f"`git rm --cached "
                f"{path} && git add {path}` with git-lfs installed); check with `git lfs fsck --pointers`.",
            )
        )
    by_folder: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for path, size in large:
        by_folder[parent_dir(path)].append((path, size))
    for folder, group in sorted(by_folder.items()):
        group.sort(key=lambda x: -x[1])
        names = ", ".join(p.rsplit("/", 1)[-1] for p, _ in group[:3]) + (" ..." if len(group) > 3 else "")
        suffixes = sorted({PurePosixPath(p).suffix for p, _ in group if PurePosixPath(p).suffix})
        track = " ".join(f'"{"*" + s}"' for s in suffixes[:3]) or f'"{group[0][0]}"'
        count = len(group)
        findings.append(
            Finding(
                group[0][0],
                None,
                f"{count} large data/model file{'s' if count > 1 else ''} in {folder or 'the root'} "
                f"({names}; largest {group[0][1] / 1e6:.1f} MB) {'are' if count > 1 else 'is'} committed as "
                f"plain git "
                "blobs: pinned by the commit, but every clone downloads every version",
                level=Level.PARTIAL,
                key=f"large plain {folder}",
                scope=Scope.REPOSITORY,  # about the folder: shown at its largest file, which can change
                remediation=f"Track them with Git LFS (`git lfs track {track}`, then `git lfs migrate import "
                f"--include={track.split()[0]}`) or with DVC (`dvc add <path>`).",
            )
        )
    checked = len(pointers) + len(not_pointers) + len(large)
    outcome = outcome_from_findings(
        findings,
        checked=checked,
        what="data and model binaries",
        evidence=[*(r.path for r in rules[:1]), *pointers[:20], *smudged[:20]],
    )
    return outcome


# ================================================================================= data-hf-revision
HF_LIBS = (
    "transformers",
    "datasets",
    "huggingface_hub",
    "diffusers",
    "peft",
    "trl",
    "sentence_transformers",
    "optimum",
    "setfit",
    "timm",
    "accelerate",
    "bentoml",  # bentoml.models.HuggingFaceModel pulls a Hub model when the service is built
)
_HF_NEEDLES = Needles(*HF_LIBS)
PACKAGED_BUILDERS = _words(
    "csv json parquet text arrow pandas imagefolder audiofolder videofolder webdataset "
    "sql generator spark xml folder_based_builder cache"
)
HUB_ID = lazyre.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
LOCAL_NAME = lazyre.compile(
    r"(^|_)(dir|path|ckpt|checkpoint|output|outputs|save|local|tmp|folder|cache|file)(_|$)", re.I
)


def _is_peft_model(name: str) -> bool:
    parts = name.split(".")
    return len(parts) >= 2 and parts[-2].startswith("PeftModel")


# libraries whose `from_pretrained` fetches release files from fixed URLs, not from the Hugging Face Hub:
# efficientnet_pytorch's `EfficientNet.from_pretrained("efficientnet-b0")` reads the weights attached to its
# GitHub releases (Kaggle solutions use it widely)
_NOT_HUB_PRETRAINED = frozenset({"efficientnet_pytorch"})


def _hub_call(unit: Unit, call: ast.Call, name: str) -> tuple[str, ast.expr | None] | None:
    """(kind, id expression) when ``call`` downloads from the Hugging Face Hub."""
    last = name.rsplit(".", 1)[-1]
    root = name.split(".", 1)[0]
    if last == "from_pretrained" and root in _NOT_HUB_PRETRAINED:
        return None
    if last == "from_pretrained":
        if _is_peft_model(name):  # PeftModel.from_pretrained(base_model, adapter_id)
            return "model", argument(call, 1, "model_id")
        return "model", argument(call, 0, "pretrained_model_name_or_path")
    if root == "datasets" and last in ("load_dataset", "load_dataset_builder"):
        return "dataset", argument(call, 0, "path")
    if root == "transformers" and last == "pipeline":
        model = argument(call, 1, "model")
        return ("model", model) if model is not None else None
    if root == "huggingface_hub" and last in ("hf_hub_download", "snapshot_download"):
        repo_type = keyword(call, "repo_type")
        kind = (
            "dataset"
            if repo_type is not None
            and isinstance(repo_type.value, ast.Constant)
            and repo_type.value.value == "dataset"
            else "model"
        )
        return kind, argument(call, 0, "repo_id")
    if root == "sentence_transformers" and last == "SentenceTransformer":
        return "model", argument(call, 0, "model_name_or_path")
    if root == "bentoml" and last == "HuggingFaceModel":  # bentoml.models.HuggingFaceModel(model_id, revision=)
        return "model", argument(call, 0, "model_id")
    return None


def _saved_dirs(unit: Unit, resolver: Resolver) -> set[str]:
    """Directories the unit writes models to: `output_dir=...`, `save_pretrained(...)`, `save_model(...)`."""
    out: set[str] = set()
    for _src, call, name in unit.calls():
        exprs = [k.value for k in call.keywords if k.arg in ("output_dir", "save_directory", "hub_model_id")]
        if name.rsplit(".", 1)[-1] in ("save_pretrained", "save_model", "save") and call.args:
            exprs.append(call.args[0])
        for expr in exprs:
            r = resolver.resolve(expr)
            if r.known and isinstance(r.value, str):
                out.add(r.value.rstrip("/"))
    return out


def _is_local(index: RepoIndex, value: str, kind: str) -> bool:
    if value.startswith(("./", "../", "/", "~", ".")) or "\\" in value or "{}" in value:
        return True
    if value.endswith((".py", ".json", ".csv", ".txt", ".parquet", ".jsonl", ".yaml", ".yml", ".arrow")):
        return True
    if kind == "dataset" and value.lower() in PACKAGED_BUILDERS:
        return True
    if not HUB_ID.match(value):
        return True
    # `from_pretrained("checkpoints/agent-0.6b-debug")` where the root .gitignore keeps `checkpoints/` out of git
    # (fish-speech): a directory of the user's machine that the repository's own ignore file names, not a Hub org
    return index.is_dir(value) or value.split("/", 1)[0] in _ignored_folders(index)


def _ignored_folders(index: RepoIndex) -> frozenset[str]:
    """The top-level folder names the root .gitignore keeps out of git (`checkpoints/`, `/outputs`, `runs/*`):
    plain names only, never a pattern with a wildcard or a negation."""

    def compute() -> frozenset[str]:
        out: set[str] = set()
        for raw in (index.text(".gitignore") or "").splitlines() if index.exists(".gitignore") else ():
            line = raw.strip()
            if not line or line.startswith(("#", "!")):
                continue
            name = line.removeprefix("**/").strip("/").removesuffix("/**").removesuffix("/*")
            if name and "/" not in name and not any(c in name for c in "*?[\\ "):
                out.add(name)
        return frozenset(out)

    return index.memo("data:ignored-folders", compute)


def _hub_id(index: RepoIndex, resolver: Resolver, expr: ast.expr | None, kind: str) -> tuple[str, str | None]:
    """('hub', id) | ('configured', shown ids) | ('local', None) | ('unknown', shown expression).

    An id read from configuration files (``load_dataset(args.dataset_name)`` with a recipe per dataset) is
    'configured': the call loads whichever id the run's configuration names, so no single id is its own."""
    if expr is None:
        return "unknown", None
    r = resolver.resolve(expr)
    values = [cv.value for cv in r.config if isinstance(cv.value, str)]
    if r.config and values:  # a config key: the first value decides, but is no more the call's id than any other
        if not isinstance(r.config[0].value, str) or _is_local(index, r.config[0].value, kind):
            return "local", None
        hubs = list(dict.fromkeys(v for v in values if not _is_local(index, v, kind)))
        own = list(dict.fromkeys(cv.value for cv in r.config if cv.path == resolver.unit.path
                                 and isinstance(cv.value, str) and not _is_local(index, cv.value, kind)))
        if len(hubs) > 1 and len(own) == 1:
            return "hub", own[0]  # the script's own default (`add_argument("--model", default=...)`)
        if len(hubs) == 1:
            return "hub", hubs[0]
        return "configured", ", ".join(hubs[:2]) + (f" and {len(hubs) - 2} more" if len(hubs) > 2 else "")
    if r.known:
        if isinstance(r.value, str):
            return ("local", None) if _is_local(index, r.value, kind) else ("hub", r.value)
        return "local", None
    shown = ast.unparse(expr)
    tail = re.split(r"[.\[\]'\"()]+", shown.strip("[]'\"()"))[-1] if shown else ""
    if LOCAL_NAME.search(tail or shown) and "name_or_path" not in shown:
        return "local", None
    if isinstance(expr, ast.Call):  # os.path.join(...), Path(...) / ...
        return "local", None
    return "unknown", shown


def _first_config_value(resolver: Resolver, expr: ast.expr | None) -> str | None:
    """The first configured value of an id read from a config key (what a single id used to be)."""
    r = resolver.resolve(expr) if expr is not None else None
    first = r.config[0].value if r is not None and r.config else None
    return first if isinstance(first, str) else None


def _revision_state(value: Any) -> tuple[str, str]:
    """('pinned' | 'partial' | 'fail', why) for a revision value."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "main", "master", "HEAD")):
        return "fail", "`main`, which moves with every push" if value else "no revision, so `main`"
    text = str(value).strip()
    if SHA40.match(text):
        return "pinned", "a commit"
    if SHORT_SHA.match(text):
        return (
            "partial",
            f"the abbreviated commit `{text}`; the Hub needs the full 40-character sha to be sure",
        )
    return "partial", f"`{text}`, a tag or branch, which can be moved to another commit"


def _kwargs_revision(resolver: Resolver, call: ast.Call) -> ast.expr | None:
    """The `revision` inside `**kwargs` when kwargs is a local `dict(revision=...)` or `{"revision": ...}`."""
    for kw in call.keywords:
        if kw.arg is not None or not isinstance(kw.value, ast.Name):
            continue
        for fn in resolver._function_of(call):
            value = resolver._local_assignment(fn, kw.value)
            if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "dict":
                found = keyword(value, "revision", "commit_id")
                if found is not None:
                    return found.value
            if isinstance(value, ast.Dict):
                for k, v in zip(value.keys, value.values, strict=False):
                    if isinstance(k, ast.Constant) and k.value in ("revision", "commit_id"):
                        return v
            if value is not None:
                break
    return None


def _has_star_kwargs(call: ast.Call) -> bool:
    return any(k.arg is None for k in call.keywords)


def _hub_url(kind: str, hub_id: str | None) -> str:
    if not hub_id:
        return "the repository's commit history on the Hub"
    return f"https://huggingface.co/{'datasets/' if kind == 'dataset' else ''}{hub_id}/commits/main"


# every name a Hub download is called by, as the code spells it (through an alias, the import names it)
_HUB_CALL_NEEDLES = Needles("from_pretrained", "load_dataset", "pipeline", "hf_hub_download", "snapshot_download",
                            "SentenceTransformer", "HuggingFaceModel")


def _hf_candidates(index: RepoIndex) -> list[str]:
    """The modules and notebooks that may call a Hub download: not tests, and whose text names a Hugging
    Face library and a download function (read from the text: the others are never parsed)."""
    return list(index.containing(index.containing((p for p in python_files(index) if not is_test_path(p)),
                                                  _HF_NEEDLES), _HUB_CALL_NEEDLES))


def _calls_the_hub(unit: Unit) -> bool:
    return unit.imports_any(*HF_LIBS) and any(_hub_call(unit, call, name) is not None for _, call, name in unit.calls())


def _hub_calls(path: str, sources: list[PySource]) -> bool:
    """Whether a module or notebook calls a Hub download, decided once from its parse, over one Unit: the rules
    then parse only the files that do (the others' trees need not be parsed again nor kept). Tests are never
    asked about (both rules leave them out)."""
    if not sources or is_test_path(path):
        return False
    # a quick test of the text first: a Hub download's name is spelled in the code that calls it
    return any(w in src.text for src in sources for w in _HUB_CALL_NEEDLES.words) and \
        _calls_the_hub(build_unit(path, sources))


def _remote_calls(path: str, sources: list[PySource]) -> bool:
    """Whether a module or notebook makes a call _remote_reads looks at (as ``_hub_calls``, for
    data-remote-unpinned). A summary of its own: the files it is asked of (``_is_remote_path``: none of a library's
    package) are few of those the Hub's is (diffusers' package calls the Hub everywhere)."""
    if not sources or is_test_path(path):
        return False
    unit = build_unit(path, sources)
    return any(_remote_call(unit, name) for _, _, name in unit.calls())


@dataclass
class _HubCall:
    """One Hub download of a module as data-hf-revision judges it, holding no syntax node: where it is, its
    id's state and Hub id, the places of its findings about a value a library's caller chooses (what a
    library's findings are lowered for: ``_callers_choice``), and its findings, each with the config value it
    is about (a value read by several calls is reported once over all modules) and the Hub id whose pin the
    end suggests for it."""

    path: str
    line: int | None
    state: str
    hub_id: str | None
    api_defaults: set[tuple[str, int | None]]
    # the places of its findings about a value a library does not choose at all (a dataset name only an
    # example's config gives, its own option's default revision): a library's report leaves them out
    not_its_own: set[tuple[str, int | None]] = field(default_factory=set)
    findings: list[tuple[Finding, tuple[str, int | None] | None, str | None]] = field(default_factory=list)
    # a call whose result is thrown away (a statement of its own): it only fills the download cache
    prefetch: bool = False


@dataclass
class _HubReading:
    """What data-hf-revision reads of one module, whatever the repository's kind: its downloads, the
    commits it pins each Hub id to, and the directories it saves models to."""

    calls: list[_HubCall] = field(default_factory=list)
    known: dict[str, str] = field(default_factory=dict)
    saved: set[str] = field(default_factory=set)


@dataclass
class _HubModule:
    """What data-hf-revision reports of one module (``_assembled``): its findings (each with the config value
    it is about), the findings whose suggested pin the end fills in, the commits the module pins each Hub id
    to, the directories it saves models to, the findings of each call with a Hub id, and its downloads."""

    findings: list[tuple[Finding, tuple[str, int | None] | None]] = field(default_factory=list)
    pins: list[tuple[int, str]] = field(default_factory=list)  # (a finding's place in ``findings``, Hub id)
    known: dict[str, str] = field(default_factory=dict)
    saved: set[str] = field(default_factory=set)
    ranges: list[tuple[int, int, str]] = field(default_factory=list)
    downloads: list[tuple[str, str | None]] = field(default_factory=list)
    api_defaults: set[tuple[str, int | None]] = field(default_factory=set)
    prefetches: set[tuple[str, int | None]] = field(default_factory=set)


def _assembled(reading: _HubReading, is_library: bool) -> _HubModule:
    """The report of one module's downloads: a library's are those whose id it hard-codes or configures."""
    out = _HubModule(known=reading.known, saved=reading.saved)
    findings = out.findings
    calls = [c for c in reading.calls if c.state in ("hub", "configured")] if is_library else reading.calls
    out.downloads += [(c.path, c.hub_id if c.state == "hub" else None) for c in calls]
    current: tuple[int, str] | None = None  # where the findings of the call under way start, and its id
    for c in calls:
        if current is not None:
            out.ranges.append((current[0], len(findings), current[1]))
        current = (len(findings), c.hub_id) if c.state == "hub" and c.hub_id else None
        if is_library:
            out.api_defaults |= c.api_defaults
            if c.prefetch:
                out.prefetches |= {(f.path, f.line) for f, _, _ in c.findings}
        for finding, config_value, pin in c.findings:
            if is_library and (finding.path, finding.line) in c.not_its_own:
                continue
            if pin:
                out.pins.append((len(findings), pin))
            findings.append((finding, config_value))
    if current is not None:
        out.ranges.append((current[0], len(findings), current[1]))
    return out


def _chosen(given: Resolved) -> list[ConfigValue]:
    """The config values that choose something: a field or option whose default is None chooses nothing (its
    caller must give the id: LLaMA-Factory's `model_name_or_path: Optional[str] = field(default=None)`)."""
    return [v for v in given.config if v.value is not None]


def _callers_choice(given: Resolved) -> bool:
    """A value a library's caller chooses: the default of a parameter or of a command-line option, or a value
    only its examples' configs give (`examples/cli_configs/*.yaml`). A dataclass field's default stays the
    library's own choice: a policy's config names the tokenizer it is built with."""
    chosen = _chosen(given)
    return given.via.startswith("default of ") or (bool(chosen) and all(
        v.origin == "argparse default" or SAMPLE_CODE.search(v.path) for v in chosen))


def _option_passed(index: RepoIndex, script: str, given: Resolved) -> str | None:
    """Where the repository's documented command for ``script`` (its README, a shell script, a Makefile, a CI
    workflow) passes the command-line option whose default ``given`` is (argparse's, or a dataclass field's
    that an argument parser turns into an option), with a local path or a placeholder, or with a revision
    option beside it: `README.md:133`. The documented run never downloads that default. A command that
    passes another Hub id and no revision downloads unpinned too: no answer then."""
    if given.key is None or not given.config or \
            any(v.origin not in ("argparse default", "field default") for v in given.config):
        return None
    name = re.escape(script.rsplit("/", 1)[-1])
    key = given.key
    flag = re.compile(rf"(?:^|\s)--(?:{re.escape(key)}|{re.escape(key.replace('_', '-'))})(?:=|\s+)(\S*)")
    for path, line, command in documented_commands(index):
        m = flag.search(command) if re.search(rf"(?:^|[\s/]){name}(?:\s|$)", command) else None
        if m is None:
            continue
        value = m.group(1).strip("\"'")
        if _HUB_ID_GIVEN.match(value) and not index.exists(value) and "revision" not in command:
            continue
        return f"{path}:{line}"
    return None


# an argument that names a Hub repository (`meta-llama/Llama-2-7b-hf`), not a local path or a placeholder
_HUB_ID_GIVEN = lazyre.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def _in_main_block(src: PySource, call: ast.Call) -> bool:
    """The call runs only when the module is run as a script: under its `if __name__ == "__main__":` (a
    library module's example usage)."""
    return src.cell is None and any(
        isinstance(node, ast.If) and main_guard(node.test)
        and node.lineno <= call.lineno <= (node.end_lineno or node.lineno) for node in src.tree.body)


def _discarded_calls(src: PySource, memo: dict[int, set[int]]) -> set[int]:
    """The calls of ``src`` that are statements of their own, their result thrown away (by node id): a
    download made so that a later load finds it in the cache (torchmetrics warms its doctests' CLIP and
    RoBERTa this way; a Dockerfile's `RUN python -c "...from_pretrained('x')"` bakes a model into an image).
    A download into a directory of the caller's (`snapshot_download(..., local_dir=target_dir)`,
    `hf_hub_download(..., local_dir=...)`) is none: it writes the files that the code then reads from that
    directory, so it is the load itself (lhotse's corpus recipes download their datasets this way)."""
    found = memo.get(id(src))
    if found is None:
        found = memo[id(src)] = {id(node.value) for node in src.statements
                                 if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                                 and keyword(node.value, "local_dir") is None}
    return found


def _hub_module(index: RepoIndex, unit: Unit, resolver: Resolver) -> _HubReading:
    """The Hub downloads of one module, judged while its Unit is at hand (see hf_revision), for a library and
    for any other kind (``_assembled`` chooses)."""
    out = _HubReading()
    calls: list[tuple[PySource, ast.Call, str, str, str, str | None]] = []
    # the unit's model directories, read once per unit: a module of many downloads (peft's tests call
    # from_pretrained hundreds of times) read every call of the module again for each
    unit_saved: set[str] | None = None
    for src, call, name in unit.calls():
        hub = _hub_call(unit, call, name)
        if hub is None:
            continue
        kind, id_expr = hub
        state, hub_id = _hub_id(index, resolver, id_expr, kind)
        if name.endswith("pipeline") and state != "hub":
            continue  # pipeline(model=model) with a loaded model object downloads nothing
        if state != "local" and unit_saved is None:
            unit_saved = _saved_dirs(unit, resolver)
            out.saved |= unit_saved
        saved = unit_saved if state != "local" and unit_saved is not None else set()
        first = _first_config_value(resolver, id_expr)  # a saved dir is resolved to it too
        if state == "local" or any(v and v.rstrip("/") in saved
                                   for v in (hub_id if state == "hub" else None, first)):
            continue  # a directory this code saves a model to, not a Hub repository
        calls.append((src, call, name, kind, state, hub_id))
    for _src, call, _name, _kind, state, hub_id in calls:
        kw = keyword(call, "revision", "commit_id")
        if hub_id and state == "hub" and kw is not None:
            r = resolver.resolve(kw.value)
            if r.known and isinstance(r.value, str) and SHA40.match(r.value):
                out.known.setdefault(hub_id, r.value)
    discarded: dict[int, set[int]] = {}  # per source (by id): the calls that are statements of their own
    for src, call, name, kind, state, hub_id in calls:
        short = (
            ".".join(name.split(".")[-2:]) if name.endswith("from_pretrained") else name.rsplit(".", 1)[-1]
        )
        arg_text = f'"{hub_id}"' if state == "hub" else ast.unparse(id_expr_of(call, name))
        # an id the configuration gives is shown as the call's expression with the ids the configuration
        # files name: the call loads whichever one a run is given, never just the first one found
        shown = f"{short}({arg_text})" + (f" (configured: {hub_id})" if state == "configured" else "")
        # the finding's identity: the configured ids change with every config file a change adds or removes,
        # elsewhere in the repository; the call's expression does not (`--base` would report it new and fixed)
        ident = arg_text if state == "configured" else hub_id
        line, cell = _loc(src, call)
        given = resolver.resolve(id_expr_of(call, name)) if state == "hub" else None
        in_main = _in_main_block(src, call)
        api_defaults = {(src.path, line)} if given is not None and (_callers_choice(given) or in_main) else set()
        hub_call = _HubCall(src.path, line, state, hub_id, api_defaults)
        chosen = _chosen(given) if given is not None else []
        if chosen and not SAMPLE_CODE.search(src.path) and all(SAMPLE_CODE.search(v.path) for v in chosen):
            hub_call.not_its_own.add((src.path, line))  # `trl sft --config examples/cli_configs/...yaml`
        hub_call.prefetch = id(call) in _discarded_calls(src, discarded)
        out.calls.append(hub_call)
        findings = hub_call.findings
        kw = keyword(call, "revision", "commit_id")
        rev_expr = kw.value if kw is not None else _kwargs_revision(resolver, call)
        # an id mlgate could not resolve is shown as its expression (`name`): never a Hub URL or a match
        repo_id = hub_id if state == "hub" else None
        remediation = f"Pass `revision={PIN}`: the commit you trained with, from {_hub_url(kind, repo_id)}."
        if state == "configured":
            remediation = (f"Give each configured {kind} a revision beside its id (a commit sha, from its "
                           "commit history on the Hub) and pass it to the call.")
        passed = _option_passed(index, src.path, given) if given is not None and state == "hub" else None
        if rev_expr is None:
            if _has_star_kwargs(call):
                findings.append((
                    Finding(
                        src.path,
                        line,
                        f"{shown} may download from the Hugging Face Hub without a revision: it passes "
                        "`**kwargs` that mlgate cannot read",
                        level=Level.PARTIAL,
                        cell=cell,
                        key=f"{short} {ident} kwargs",
                        confidence=Confidence.LOW,
                        remediation=remediation,
                    ), None, None))
                continue
            level = Level.FAIL if state in ("hub", "configured") else Level.PARTIAL
            what = (
                "downloads"
                if state in ("hub", "configured")
                else "may download (when its argument is a Hub id, not a local path)"
            )
            # the default of an option that the documented command gives: what a bare run would download
            default = f" (the default of `--{given.key}`, which {passed} passes: a run as documented loads what " \
                      "it is given)" if passed and given is not None else ""
            findings.append((
                Finding(
                    src.path,
                    line,
                    f"{shown} {what} from the Hugging Face Hub without a revision, so it gets whatever "
                    f"`main` points to when it runs{default}",
                    level=level,
                    cell=cell,
                    key=f"{short} {ident} no revision",
                    # an id mlgate could not resolve may be a local directory: not sure it downloads at all
                    # an id read from configuration files: which of them a run uses is not known
                    confidence=Confidence.MEDIUM if passed else
                    {"hub": Confidence.HIGH, "configured": Confidence.MEDIUM}.get(state, Confidence.LOW),
                    remediation=remediation,
                ), None, repo_id))
            continue
        r = resolver.resolve(rev_expr)
        origin = [cv for cv in r.config if cv.origin == "config"] or list(r.config)
        if origin:
            for cv in origin:
                verdict, why = _revision_state(cv.value)
                if verdict == "pinned":
                    continue
                what = "config value" if cv.origin == "config" else cv.origin
                # a command-line default, an example's config, or read by an example: a library's caller sets it;
                # the default revision of its own arguments dataclass (`model_revision: str = "main"`) is the
                # user's option, not a download the library makes
                if cv.origin == "field default" and not SAMPLE_CODE.search(cv.path):
                    hub_call.not_its_own.add((cv.path, cv.line))
                elif cv.origin == "argparse default" or SAMPLE_CODE.search(cv.path) or SAMPLE_CODE.search(src.path):
                    hub_call.api_defaults.add((cv.path, cv.line))
                id_expr = id_expr_of(call, name)
                same_file = [
                    v.value
                    for v in resolver.resolve(id_expr).config
                    if v.path == cv.path and isinstance(v.value, str)
                ]
                file_id = same_file[0] if same_file else repo_id
                findings.append((
                    Finding(
                        cv.path,
                        cv.line,
                        f"`{r.key}: {cv.value}` ({what}) is used as a Hugging Face Hub revision (e.g. by "
                        f"{short}() in "
                        f"{src.path}{f':{line}' if line else ''}): {why}",
                        level=Level.FAIL if verdict == "fail" else Level.PARTIAL,
                        key=f"{r.key} {cv.value}",
                        remediation=f"Set `{r.key}: {PIN.strip(chr(34))}` (the commit you trained with, from "
                        f"{_hub_url(kind, file_id)}); a tag or branch can be moved.",
                    ), (cv.path, cv.line), None))  # reported once, for the first call that reads it
            continue
        if not r.known:
            findings.append((
                Finding(
                    src.path,
                    line,
                    f"{shown} passes `revision={ast.unparse(rev_expr)}`, whose value mlgate cannot "
                    "resolve statically; make sure it is a commit sha",
                    level=Level.PARTIAL,
                    cell=cell,
                    key=f"{short} {ident} unresolved revision",
                    confidence=Confidence.LOW,
                    remediation=remediation,
                ), None, None))
            continue
        verdict, why = _revision_state(r.value)
        if verdict == "pinned":
            continue
        via = f" ({r.via})" if r.via and r.via not in ("f-string",) else ""
        rev_line = _loc(src, rev_expr)[0] or line
        if r.via.startswith("default of ") or in_main:
            # the default of a parameter of a library's API (`revision="main"`): its caller passes another
            hub_call.api_defaults.add((src.path, rev_line))
        said = f"{shown} passes revision=None{via}, so it downloads `main`, which moves with every push" \
            if r.value is None else f"{shown} downloads revision {why}{via}"
        findings.append((
            Finding(
                src.path,
                rev_line,
                said,
                level=Level.FAIL if verdict == "fail" else Level.PARTIAL,
                cell=cell,
                key=f"{short} {ident} revision {r.value}",
                # a function that downloads whatever id its caller gives, at the revision its caller gives
                # (text-generation-inference's `download-weights MODEL_ID [--revision R]`): which commit is
                # loaded is its caller's choice as much as which model, in any kind of project
                confidence=Confidence.MEDIUM if state == "unknown" and r.via.startswith("default of ")
                else Confidence.HIGH,
                # the suggestion block comes from mlgate.fixes, which reads this sha
                remediation=remediation,
            ), None, repo_id))
    return out


def _hub_paths(index: RepoIndex) -> Iterator[str]:
    """The modules and notebooks data-hf-revision reads (their summary says they call a Hub download), in
    the index's order; a generator, so that each is read while the parse its summary took is at hand."""
    return (p for p in _hf_candidates(index) if index.summary("data-calls", p))


def _may_call_the_hub(index: RepoIndex, path: str) -> bool:
    """What data-hf-revision checks of a file before asking its "data-calls" summary (as ``_hf_candidates``)."""
    return path.endswith((".py", ".ipynb")) and not is_test_path(path) and index.contains(path, _HF_NEEDLES) \
        and index.contains(path, _HUB_CALL_NEEDLES)


def _is_hub_path(index: RepoIndex, path: str) -> bool:
    return _may_call_the_hub(index, path) and index.summary("data-calls", path)


def _remote_paths(index: RepoIndex) -> Iterator[str]:
    """The modules and notebooks data-remote-unpinned reads, decided by the path before parsing: a library's
    package downloads what its users name (an API, not this project's data), a library's release or CI
    helper reads release metadata, not data."""
    return (p for p in index.files if _is_remote_path(index, p))


def _may_read_remote(index: RepoIndex, path: str) -> bool:
    """What data-remote-unpinned checks of a file before asking its "data-remote-calls" summary."""
    return path.endswith((".py", ".ipynb")) and index.contains(path, _REMOTE_NEEDLES) \
        and not is_test_path(path) and not path.startswith(("docs/", "doc/")) \
        and not in_library_package(index, path) and not library_tooling(index, path)


def _is_remote_path(index: RepoIndex, path: str) -> bool:
    return _may_read_remote(index, path) and index.summary("data-remote-calls", path)


RemoteRead = tuple[str, int | None, int | None, str, str, str, Confidence]  # path, line, cell, what, state, why, sure


def _data_module(index: RepoIndex, path: str, sources: list[PySource] | None = None,
                 ) -> tuple[_HubReading | None, list[RemoteRead] | None]:
    """What data-hf-revision and data-remote-unpinned read of one module (None for the rule that does not
    read it), both from one Unit: the module is parsed once for the two (and its tree need not be kept from
    the parse that summarised it: data-calls), and what is kept holds lines and text, no node. ``sources``:
    the module's parse at hand (``_read_at_drop``)."""

    def compute() -> tuple[_HubReading | None, list[RemoteRead] | None]:
        hub, remote = _is_hub_path(index, path), _is_remote_path(index, path)
        if not hub and not remote:
            return None, None
        if sources is not None:
            unit: Unit | None = build_unit(path, sources) if sources else None
        else:
            unit = next(units_where(index, [path], _any_unit, keep=False), None)
        if unit is None:
            return (_HubReading() if hub else None), ([] if remote else None)
        resolver = Resolver(index, unit)
        reads: list[RemoteRead] | None = None
        if remote:
            reads = []
            for src, node, what, state, why in _remote_reads(unit, resolver):
                line, cell = _loc(src, node)
                # code can check a download's hash elsewhere (after the call): medium
                reads.append((src.path, line, cell, what, state, why, Confidence.MEDIUM))
        return (_hub_module(index, unit, resolver) if hub else None), reads

    return index.memo(f"data-module:{path}", compute)


_DATA_MODULE_RULES = frozenset({"data-hf-revision", "data-remote-unpinned"})


def _read_at_drop(index: RepoIndex, path: str, sources: list[PySource]) -> None:
    """A module the two data rules read, read from its first parse when it is dropped (most are dropped by
    the repository model's sweeps, before the rules run): each was parsed once more for them (peft 82
    modules, 1.0M characters; lerobot 47, 1.2M; diffusers 179, 7.9M)."""
    if sources and not index.rules.isdisjoint(_DATA_MODULE_RULES) and \
            (_is_hub_path(index, path) or _is_remote_path(index, path)):
        _data_module(index, path, sources)


RepoIndex.at_drop(_read_at_drop)


def hf_revision(ctx: Context) -> Outcome:
    index = ctx.index
    # Each module's calls are judged while its Unit is at hand (``_data_module``), keeping lines and text:
    # the units are dropped one by one with their trees (diffusers: 171 modules, 7.6M characters of source
    # whose trees were all alive at once). What depends on every module is decided here: a config value read
    # by several calls is reported once; the pin a finding suggests comes from every module's calls
    # (``known``); a Hub id that another module saves a model to is that directory of the working copy
    # (download_hf_model.py saves a pipeline to "summarizeApp", load_model.py loads
    # from_pretrained("summarizeApp")): the downloads of such an id are dropped, with their findings
    # (``ranges``: the findings each call with a Hub id added, and the id).
    known: dict[str, str] = {}
    findings: list[Finding] = []
    pins: list[tuple[int, str]] = []  # (a finding's place in ``findings``, the Hub id whose pin it suggests)
    seen_config: set[tuple[str, int | None]] = set()
    # A published library's API forwards the id and revision its caller gives (`from_pretrained(name,
    # **kwargs)`): only an id the library itself hard-codes is its own download.
    api_defaults: set[tuple[str, int | None]] = set()
    prefetches: set[tuple[str, int | None]] = set()
    saved_anywhere: set[str] = set()
    ranges: list[tuple[int, int, str]] = []
    downloads: list[tuple[str, str | None]] = []  # (module, Hub id) of each download judged
    for path in _hub_paths(index):
        reading = _data_module(index, path)[0]
        if reading is None:
            continue
        module = _assembled(reading, ctx.model.is_library)
        # where each of the module's findings lands here (a config value reported already is left out)
        before = [len(findings)]
        place: list[int | None] = []
        for finding, config_value in module.findings:
            if config_value is not None and config_value in seen_config:
                place.append(None)
            else:
                if config_value is not None:
                    seen_config.add(config_value)
                place.append(len(findings))
                findings.append(finding)
            before.append(len(findings))
        pins += [(j, repo_id) for i, repo_id in module.pins if (j := place[i]) is not None]
        ranges += [(before[start], before[end], hub_id) for start, end, hub_id in module.ranges]
        for hub_id, commit in module.known.items():
            known.setdefault(hub_id, commit)
        saved_anywhere |= module.saved
        downloads += module.downloads
        api_defaults |= module.api_defaults
        prefetches |= module.prefetches
    for at, repo_id in pins:
        sha = known.get(repo_id)
        if sha:
            findings[at] = replace(findings[at], remediation="Pin it to the commit used elsewhere in this "
                                   f'repository: `revision="{sha}"`.')
    local = {h.rstrip("/") for h in saved_anywhere}
    if any(h.rstrip("/") in local for _, _, h in ranges):
        dropped = {i for start, end, h in ranges if h.rstrip("/") in local for i in range(start, end)}
        findings = [f for i, f in enumerate(findings) if i not in dropped]
        downloads = [(p, h) for p, h in downloads if not (h and h.rstrip("/") in local)]
    checked = len(downloads)
    evidence = {p for p, _ in downloads}
    if ctx.model.is_library:
        # a library's examples and docs show its users how to call it (whoever copies one pins the revision
        # they train with), its maintenance scripts convert or check checkpoints once, and an id that is the
        # default of an API parameter is what callers usually replace: listed at medium confidence, never a
        # failed gate. Ids its package or its own benchmarks hard-code stay high.
        findings = [replace(f, confidence=Confidence.MEDIUM)
                    if f.confidence is Confidence.HIGH and (library_docs(index, f.path)
                                                            or library_tooling(index, f.path)
                                                            or (f.path, f.line) in api_defaults) else f
                    for f in findings]
        # a download whose result the package throws away (a cache warm-up before its doctests run, a
        # `download_models()` helper) loads nothing itself: what the library runs with is decided by the
        # load that uses the model, judged where it is (a hard-coded id there stays high; an API parameter's
        # default is medium, as above)
        findings = [replace(f, confidence=Confidence.MEDIUM,
                            message=f"{f.message} (its result is not used: it fills the download cache for a later "
                            "load, which is judged where it is)")
                    if f.confidence is Confidence.HIGH and (f.path, f.line) in prefetches else f
                    for f in findings]
    elif ctx.model.kind in (RESEARCH, APPLICATION, SERVICE):
        # a demo of the released model (qlora's examples/guanaco_generate.py and its Colab notebook, SimCSE's
        # demo/gradiodemo.py) shows how to load it, as a library's example does: listed at medium. An
        # application's or a service's demo/ may be the app it ships, and a template's samples are what users
        # copy: both high, as the project's own pipeline is
        shown = EXAMPLE_OR_DEMO_CODE if ctx.model.kind == RESEARCH else SAMPLE_CODE
        findings = [replace(f, confidence=Confidence.MEDIUM)
                    if f.confidence is Confidence.HIGH and shown.search(f.path) else f for f in findings]
    return outcome_from_findings(
        findings,
        checked=checked,
        what="Hugging Face Hub downloads",
        evidence=sorted(evidence),
    )


def id_expr_of(call: ast.Call, name: str) -> ast.expr:
    found = argument(
        call,
        1 if _is_peft_model(name) else 0,
        "pretrained_model_name_or_path",
        "path",
        "repo_id",
        "model",
        "model_id",
        "model_name_or_path",
    )
    return found if found is not None else ast.Constant("")


# ============================================================================= data-remote-unpinned
_MUTABLE_REFS = frozenset({"main", "master", "dev", "develop", "head", "latest", "trunk"})
_RAW_GITHUB = lazyre.compile(
    r"^https?://raw\.githubusercontent\.com/[^/]+/[^/]+/(?:refs/heads/|refs/tags/)?([^/]+)/"
)
_GITHUB_BLOB = lazyre.compile(r"^https?://github\.com/[^/]+/[^/]+/(?:raw|blob)/([^/]+)/")
_HF_RESOLVE = lazyre.compile(
    r"^https?://huggingface\.co/(?:datasets/|spaces/)?[^/]+(?:/[^/]+)?/(?:resolve|raw|blob)/"
    r"([^/]+)/"
)
_HF_FS = lazyre.compile(r"^hf://(?:datasets/|spaces/)?[^@/]+/[^@/]+(?:@([^/]+))?/")
_DATA_URL = lazyre.compile(
    r"\.(csv|tsv|parquet|json|jsonl|ndjson|zip|gz|tgz|tar|bz2|xz|npz|npy|pt|pth|bin|h5|hdf5|pkl|"
    r"pickle|arrow|feather|xlsx|xls|ckpt|safetensors|onnx|txt|data|tfrecord|avro|orc|mat)"
    r"(\?.*)?$",
    re.I,
)


def classify_uri(uri: str) -> tuple[str, str] | None:
    """('pinned' | 'partial' | 'unpinned', why) for a remote data URI; None when it is not remote."""
    u = uri.strip()
    for pattern, what in (
        (_RAW_GITHUB, "GitHub"),
        (_GITHUB_BLOB, "GitHub"),
        (_HF_RESOLVE, "Hugging Face"),
        (_HF_FS, "Hugging Face"),
    ):
        m = pattern.match(u)
        if m:
            ref = m.group(1) or "main"
            if SHA40.match(ref):
                return "pinned", "a commit"
            if ref.lower() in _MUTABLE_REFS:
                return "unpinned", f"the {what} branch `{ref}`, which changes with every push"
            return "partial", f"`{ref}`, a {what} tag or branch that can be moved"
    scheme = u.split("://", 1)[0].lower() if "://" in u else ""
    if scheme in ("http", "https", "ftp"):
        return "unpinned", "a URL without a checksum: the file can change under it"
    if scheme in ("s3", "s3a", "s3n"):
        if "versionId=" in u:
            return "pinned", "an object version"
        if re.search(r"/[0-9a-f]{64}/", u):
            return "pinned", "a lakeFS commit"
        return "unpinned", "an S3 object without a VersionId: overwriting it changes the training data"
    if scheme in ("gs", "gcs"):
        if re.search(r"#\d+$", u):
            return "pinned", "an object generation"
        return "unpinned", "a GCS object without a generation: overwriting it changes the training data"
    if scheme in ("az", "abfs", "abfss", "wasb", "wasbs", "adl"):
        return "unpinned", "an Azure blob without a version id"
    if scheme == "lakefs":
        parts = u.split("://", 1)[1].split("/")
        ref = parts[1] if len(parts) > 1 else ""
        if re.match(r"^[0-9a-f]{40,64}$", ref):
            return "pinned", "a lakeFS commit"
        return "unpinned", f"the lakeFS branch `{ref}`, which moves"
    return None


_READERS = _words(
    "read_csv read_parquet read_json read_excel read_table read_feather read_orc read_pickle read_fwf "
    "read_xml read_sas read_stata read_spss scan_csv scan_parquet scan_ndjson read_ndjson read_delta "
    "read_csv_auto read_avro read_ipc scan_ipc"
)
_DOWNLOADERS = _words(
    "urllib.request.urlretrieve urllib.request.urlopen wget.download gdown.download "
    "fsspec.open fsspec.open_files smart_open.open urlretrieve"
)
# A module that reads remote data calls one of these (what _remote_reads looks at): modules without
# any are not parsed for it. "read" covers read_csv & co., pandas' spark.read.*, dvc.api.read.
_REMOTE_NEEDLES = Needles("read", "scan_", "urlretrieve", "urlopen", "download", "fsspec", "smart_open", "requests",
                   "httpx", "get_file", "retrieve", "load_dataset", "dvc.api", "artifact", "get_object")
_URL = Needles("://")
_LATEST = Needles("latest")
_HASH_KWARGS = {
    "get_file": ("file_hash", "md5_hash"),
    "retrieve": ("known_hash",),
    "download_url_to_file": ("hash_prefix",),
    "download_url": ("md5",),
    "download_and_extract_archive": ("md5",),
    "download_file_from_google_drive": ("md5",),
    "cached_download": ("md5", "hash"),
}

def _may_ask_data_calls(index: RepoIndex, path: str) -> bool:
    """Whether data-hf-revision or data-remote-unpinned may ask a file's "data-calls" summary
    (``_may_call_the_hub``). Made at every drop, the summary read every call of every module of a library's
    package, which neither rule reads (a full walk of each module that its imports alone were parsed for: darts'
    and diffusers' import closures of their tests)."""
    return not index.rules.isdisjoint(_DATA_MODULE_RULES) and _may_call_the_hub(index, path)


def _may_ask_remote_calls(index: RepoIndex, path: str) -> bool:
    """Whether the data rules may ask a file's "data-remote-calls" summary (``_may_read_remote``). One summary for
    the two questions read every call of every module of diffusers' package for the remote reads, which no rule
    asks of a library's package."""
    return not index.rules.isdisjoint(_DATA_MODULE_RULES) and _may_read_remote(index, path)


# a file that calls a Hub download or reads remote data is parsed again, once, for data-hf-revision and
# data-remote-unpinned (``_data_module``); the others are not
RepoIndex.summariser("data-calls", _hub_calls, needles=(_HUB_CALL_NEEDLES,), at_drop=_may_ask_data_calls)
RepoIndex.summariser("data-remote-calls", _remote_calls, needles=(_REMOTE_NEEDLES,), at_drop=_may_ask_remote_calls)


_HASHLIB = frozenset({"sha256", "sha512", "sha384", "sha1", "md5", "blake2b", "blake2s", "new", "file_digest"})


def _checks_a_digest(fn: ast.AST) -> bool:
    """A function (or module) that computes a hashlib digest and compares it (``!=``, ``==`` or
    ``hmac.compare_digest``): a download it makes, or hands to it, is verified against a known hash."""
    hashes = compares = False
    for n in ast.walk(fn):
        if isinstance(n, ast.Call):
            name = dotted(n.func) or ""
            if (name.startswith("hashlib.") or "." not in name) and name.rsplit(".", 1)[-1] in _HASHLIB:
                hashes = True
            elif name.endswith("compare_digest"):
                compares = True
        elif isinstance(n, ast.Compare) and any(isinstance(op, ast.Eq | ast.NotEq) for op in n.ops):
            compares = True
    return hashes and compares


def _verified_download(src: PySource, call: ast.Call) -> bool:
    """Whether the function making ``call`` checks a digest itself or calls a function of the same
    module that does (``_verify(dest, SHA256)`` after ``urlretrieve``)."""
    fns = [n for n in src.nodes if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    enclosing = [f for f in fns if f.lineno <= call.lineno <= (f.end_lineno or f.lineno)
                 and any(n is call for n in ast.walk(f))]
    if not enclosing:
        return False
    fn = min(enclosing, key=lambda f: (f.end_lineno or f.lineno) - f.lineno)
    if _checks_a_digest(fn):
        return True
    checkers = {f.name for f in fns if f is not fn and _checks_a_digest(f)}
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in checkers
               for n in ast.walk(fn))


def _remote_call(unit: Unit, name: str) -> bool:
    """Whether _remote_reads looks at a call of this name: the conditions of its branches in one test (a unit
    with no such call reads nothing remote)."""
    last = name.rsplit(".", 1)[-1]
    root = name.split(".", 1)[0]
    return (
        (last == "load_state_dict_from_url" and root == "torch")
        or last in _READERS
        or (".read." in name and last in ("parquet", "csv", "json", "orc", "text", "load", "table"))
        or name in _DOWNLOADERS or name.endswith(".urlretrieve")
        or name in ("requests.get", "httpx.get", "urllib.request.urlopen")
        or (last in _HASH_KWARGS
            and (root in ("tensorflow", "keras", "tf_keras", "pooch", "torch", "torchvision", "gdown")
                 or last == "retrieve"))
        or (root == "datasets" and last == "load_dataset")
        or (name.startswith("dvc.api.") and last in ("open", "read", "get_url"))
        or (last in ("use_artifact", "artifact") and unit.imports_any("wandb"))
        or (last in ("download_file", "download_fileobj", "get_object") and unit.imports_any("boto3"))
    )


def _remote_reads(unit: Unit, resolver: Resolver) -> list[tuple[PySource, ast.AST, str, str, str]]:
    """(source, node, what, state, why) for each remote read in a unit."""
    out: list[tuple[PySource, ast.AST, str, str, str]] = []
    for src, call, name in unit.calls():
        last = name.rsplit(".", 1)[-1]
        if last == "load_state_dict_from_url" and name.split(".", 1)[0] == "torch":
            check = keyword(call, "check_hash")
            if check is not None and not (isinstance(check.value, ast.Constant) and check.value.value in (None, False)):
                out.append((src, call, f"torch.hub.{last}", "pinned", "the sha256 prefix in its file name"))
            continue  # a model checkpoint without a hash is judged by the model rules, not as data
        target: ast.expr | None = None
        hash_kw: tuple[str, ...] = ()
        data_only = False
        if last in _READERS or (
            ".read." in name and last in ("parquet", "csv", "json", "orc", "text", "load", "table")
        ):
            target = argument(call, 0, "path", "filepath_or_buffer", "source", "path_or_paths", "io", "uri")
        elif name in _DOWNLOADERS or name.endswith(".urlretrieve"):
            target = argument(call, 0, "url")
        elif name in ("requests.get", "httpx.get", "urllib.request.urlopen"):
            target, data_only = argument(call, 0, "url"), True
        elif last in _HASH_KWARGS and (
            name.split(".", 1)[0]
            in ("tensorflow", "keras", "tf_keras", "pooch", "torch", "torchvision", "gdown")
            or last == "retrieve"
        ):
            target = argument(call, 1 if last == "get_file" else 0, "origin" if last == "get_file" else "url")
            hash_kw = _HASH_KWARGS[last]
        elif name.split(".", 1)[0] == "datasets" and last == "load_dataset":
            target = argument(call, 99, "data_files")
        elif name.startswith("dvc.api.") and last in ("open", "read", "get_url"):
            repo = keyword(call, "repo")
            if repo is None:
                continue
            rev = keyword(call, "rev")
            r = resolver.resolve(rev.value) if rev is not None else Resolved(None)
            if r.known and isinstance(r.value, str) and SHA40.match(r.value):
                out.append((src, call, f"dvc.api.{last}", "pinned", "a commit"))
            elif r.known and isinstance(r.value, str) and r.value.lower() not in _MUTABLE_REFS:
                out.append((src, call, f"dvc.api.{last}", "partial", f"`{r.value}`, a git tag or branch"))
            elif r.known:
                out.append(
                    (src, call, f"dvc.api.{last}", "unpinned", "no `rev`, so the registry's default branch")
                )
            else:
                out.append((src, call, f"dvc.api.{last}", "partial", "a `rev` mlgate cannot resolve"))
            continue
        elif last in ("use_artifact", "artifact") and unit.imports_any("wandb"):
            arg = argument(call, 0, "artifact_or_name", "name")
            r = resolver.resolve(arg) if arg is not None else Resolved(UNRESOLVED)
            if r.known and isinstance(r.value, str) and ":" in r.value:
                alias = r.value.rsplit(":", 1)[1]
                if re.match(r"^v\d+$", alias):
                    out.append((src, call, f"W&B {last}", "pinned", "a version"))
                else:
                    out.append((src, call, f"W&B {last}", "unpinned", f"the alias `{alias}`, which moves"))
            continue
        elif last in ("download_file", "download_fileobj", "get_object") and unit.imports_any("boto3"):
            text = ast.unparse(call)
            state = "pinned" if "VersionId" in text else "unpinned"
            out.append(
                (
                    src,
                    call,
                    f"S3 {last}",
                    state,
                    "an object version" if state == "pinned" else "an S3 object without a VersionId",
                )
            )
            continue
        if target is None:
            continue
        r = resolver.resolve(target)
        values = [r.value] if r.known else [cv.value for cv in r.config if cv.origin == "config"]
        uris = [v for v in values if isinstance(v, str)]
        if isinstance(r.value, (list, dict)):
            uris = [
                v for v in (r.value.values() if isinstance(r.value, dict) else r.value) if isinstance(v, str)
            ]
        if not uris and not data_only:
            uris = _url_prefix(target, resolver)
        for uri in uris[:1]:
            verdict = classify_uri(uri)
            if verdict is None or (data_only and not _DATA_URL.search(uri)):
                continue
            state, why = verdict
            if hash_kw:
                h = keyword(call, *hash_kw)
                if h is None and last in ("get_file", "download_url", "download_and_extract_archive"):
                    h_expr = argument(call, 3 if last == "download_url" else 99)
                    h = ast.keyword(arg="md5", value=h_expr) if h_expr is not None else None
                hv = resolver.resolve(h.value) if h is not None else Resolved(None)
                if h is not None and not (hv.known and hv.value is None):
                    state, why = "pinned", "a checksum"
            if state == "unpinned" and not hash_kw and _verified_download(src, call):
                state, why = "pinned", "a sha256 checked after the download"
            if state == "unpinned" and any(
                k.arg == "options" or (isinstance(k.value, ast.Constant) and k.value.value == "versionAsOf")
                for k in call.keywords
            ):
                state, why = "pinned", "a Delta version"
            if state == "unpinned" and re.search(r"versionAsOf|timestampAsOf", ast.unparse(call.func)):
                state, why = "pinned", "a Delta version"
            shown = uri if len(uri) <= 80 else uri[:77] + "..."
            out.append((src, call, f'{last}("{shown}")', state, why))
    return out


def _url_prefix(expr: ast.expr, resolver: Resolver) -> list[str]:
    """The web URL a download's address starts with when only its start is known (`PREFIX + file_id`,
    `f"{BASE}{name}"`): [that start] when it is an http(s) or ftp URL of a host whose URLs carry no ref in their
    path (GitHub's and the Hub's do: the part not read could pin them), else []."""
    while isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        expr = expr.left
    if isinstance(expr, ast.JoinedStr) and expr.values:
        first = expr.values[0]
        expr = first.value if isinstance(first, ast.FormattedValue) else first
    r = resolver.resolve(expr)
    head = r.value if r.known and isinstance(r.value, str) else None
    if head is None or not re.match(r"^(?:https?|ftp)://[^/\s]+", head) \
            or re.match(r"^https?://(?:[\w.-]*\.)?(?:github\.com|githubusercontent\.com|huggingface\.co|hf\.co)[/:]",
                        head):
        return []
    return [head + "..."]  # shown as the start of an address


_SHELL_DOWNLOAD = lazyre.compile(r"\b(wget|curl)\b[^\n;&|]*?((?:https?|ftp)://[^\s'\"\\)]+)")
_CLOUD_COPY = lazyre.compile(
    r"\b(gsutil(?:\s+-m)?\s+cp|gcloud\s+storage\s+cp|aws\s+s3\s+(?:cp|sync)|azcopy\s+copy)"
    # a quoted URL may hold spaces (`'s3://nyc-tlc/trip data/green_tripdata.csv'`)
    r"\s+(?:-\S+\s+)*(?:'((?:s3|gs|https)://[^'\n]+)'|\"((?:s3|gs|https)://[^\"\n]+)\"|((?:s3|gs|https)://[^\s'\"]+))"
)
_CHECKSUM = lazyre.compile(r"\b(sha256sum|sha1sum|md5sum|shasum|b2sum)\b|--checksum|openssl\s+dgst|--version-id")
_STRICT_DATA_URL = lazyre.compile(
    r"\.(csv|tsv|parquet|jsonl|ndjson|npz|npy|pt|pth|h5|hdf5|pkl|arrow|feather|xlsx|ckpt|"
    r"safetensors|onnx|tfrecord)(\?.*)?$|/datasets?/",
    re.I,
)


# a cloud copy of models, documentation or build artifacts (mlops-zoomcamp syncs its model bucket,
# lightning its docs theme): no training data is read
_NOT_DATA_COPY = lazyre.compile(r"model|artifact|mlruns|checkpoint|sphinx|docs?\b|site-packages|wheel|release",
                                re.I)


def _shell_reads(index: RepoIndex) -> list[tuple[str, int, str, str, str]]:
    from mlgate.patterns import is_dockerfile

    out: list[tuple[str, int, str, str, str]] = []
    for path in index.files:
        name = path.rsplit("/", 1)[-1]
        docker = is_dockerfile(path)
        if not (path.endswith((".sh", ".bash")) or name in ("Makefile", "makefile", "dvc.yaml") or docker):
            continue
        if is_test_path(path) or not index.contains(path, _URL):
            continue
        text = index.text(path) or ""
        # every alternative of _CHECKSUM holds "sum", "openssl" or "--version-id", and both download
        # patterns hold "://": plain searches skip the regexes on the megabytes of a manifest script
        checksummed = (("sum" in text or "openssl" in text or "--version-id" in text)
                       and _CHECKSUM.search(text) is not None)
        for lineno, line in enumerate(split_lines(text), start=1):
            if "://" not in line or line.lstrip().startswith("#"):
                continue
            out += [(path, lineno, what, state, why) for what, state, why in _line_reads(line, docker, checksummed)]
    return out


def _line_reads(line: str, docker: bool, checksummed: bool) -> list[tuple[str, str, str]]:
    """(what, state, why) of the remote data reads one shell command line makes."""
    out: list[tuple[str, str, str]] = []
    for m in _SHELL_DOWNLOAD.finditer(line):
        url = m.group(2)
        rest = line[m.end() :]
        if re.search(r"\|\s*(sudo\s+)?(ba|z)?sh\b|\|\s*python", rest) or url.endswith((".sh", ".py")):
            continue  # an installer, not data
        if not (_STRICT_DATA_URL.search(url) if docker else _DATA_URL.search(url)):
            continue
        if docker and "/releases/download/" in url:
            continue
        verdict = classify_uri(url)
        if verdict is None:
            continue
        state, why = ("pinned", "a checksum check in the same file") if checksummed else verdict
        out.append((f"{m.group(1)} {url}", state, why))
    for m in _CLOUD_COPY.finditer(line):
        uri = m.group(2) or m.group(3) or m.group(4)
        verdict = classify_uri(uri)
        if verdict is None or docker or _NOT_DATA_COPY.search(line):
            continue  # copying models, docs or release files between buckets reads no data
        state, why = ("pinned", "a checksum check") if checksummed else verdict
        out.append((f"{' '.join(m.group(1).split())} {uri}", state, why))
    return out


def _notebook_shell_reads(index: RepoIndex) -> list[tuple[str, int | None, int | None, str, str, str]]:
    """Remote data reads of a notebook's shell escapes (`!aws s3 cp s3://... .`, `!wget https://...csv`),
    which the Python analysis leaves out: (path, line, cell, what, state, why)."""
    out: list[tuple[str, int | None, int | None, str, str, str]] = []
    for path in index.with_suffix(".ipynb"):
        if is_test_path(path) or not index.contains(path, _URL):
            continue
        for cell in index.notebook(path) or []:
            if "://" not in cell.source:
                continue
            bash = cell.source.lstrip().startswith(("%%bash", "%%sh", "%%script bash"))
            checksummed = _CHECKSUM.search(cell.source) is not None
            for offset, line in enumerate(split_lines(cell.source)):
                command = line.lstrip()
                if not (command.startswith("!") or bash) or "://" not in command:
                    continue
                at = cell.line + offset if cell.line is not None and cell.one_line_each else cell.line
                out += [(path, at, cell.number, what, state, why)
                        for what, state, why in _line_reads(command.lstrip("!"), False, checksummed)]
    return out


_LATEST_KEY = lazyre.compile(r"(data|dataset|artifact)[\w-]*version|^version$", re.I)


def _config_latest(index: RepoIndex) -> list[tuple[str, int | None, str, str, str]]:
    from mlgate.facts.python import config_files

    out: list[tuple[str, int | None, str, str, str]] = []

    def walk(node: Any, path: str, parents: tuple[str, ...], depth: int = 0) -> None:
        if depth > 10:
            return
        if isinstance(node, dict):
            for k, v in node.items():
                key = str(k)
                if isinstance(v, str):
                    val = v.strip()
                    data_ctx = any(re.search(r"data|dataset", p, re.I) for p in (*parents, key))
                    if re.match(r"^azureml:[^@:\s]+@latest$", val):
                        out.append(
                            (
                                path,
                                yaml_line(node, k),
                                f"`{key}: {val}`",
                                "unpinned",
                                "the `latest` version of an Azure ML data asset",
                            )
                        )
                    elif val.lower() == "latest" and _LATEST_KEY.search(key) and data_ctx:
                        out.append(
                            (
                                path,
                                yaml_line(node, k),
                                f"`{key}: latest`",
                                "unpinned",
                                "the mutable `latest` version of a dataset",
                            )
                        )
                    elif (
                        val.endswith(":latest")
                        and re.search(r"data|dataset|artifact", key, re.I)
                        and not re.search(r"image", key, re.I)
                    ):
                        out.append(
                            (
                                path,
                                yaml_line(node, k),
                                f"`{key}: {val}`",
                                "unpinned",
                                "the `latest` alias of an artifact, which moves",
                            )
                        )
                walk(v, path, (*parents, key), depth + 1)
        elif isinstance(node, list):
            for v in node:
                walk(v, path, parents, depth + 1)

    for path in config_files(index, _LATEST):
        if path.endswith((".yaml", ".yml")):
            for doc in index.yaml(path):
                walk(doc, path, ())
    return out


def _any_unit(unit: Unit) -> bool:
    return True


def remote_unpinned(ctx: Context) -> Outcome:
    index = ctx.index
    reads: list[RemoteRead] = []
    # each module read with data-hf-revision's reading of it, from one Unit (``_data_module``)
    for path in _remote_paths(index):
        reads += _data_module(index, path)[1] or ()
    reads += [(p, ln, None, w, s, y, Confidence.MEDIUM) for p, ln, w, s, y in _shell_reads(index)]
    reads += [(p, ln, c, w, s, y, Confidence.MEDIUM) for p, ln, c, w, s, y in _notebook_shell_reads(index)
              if not library_tooling(index, p) and not in_library_package(index, p)]
    reads += [(p, ln, None, w, s, y, Confidence.HIGH) for p, ln, w, s, y in _config_latest(index)]
    any_pinned = any(r[4] == "pinned" for r in reads)
    findings: list[Finding] = []
    for path, line, cell, what, state, why, sure in reads:
        if state == "pinned":
            continue
        level = Level.PARTIAL if state == "partial" or any_pinned else Level.FAIL
        findings.append(
            Finding(
                path,
                line,
                f"{what} reads remote data pinned by {why}"
                if state == "partial"
                else f"{what} reads remote data with no version or checksum: {why}",
                level=level,
                cell=cell,
                key=f"remote {what}",
                confidence=sure,
                remediation="Pin the read: download with a checksum "
                '(`pooch.retrieve(url, known_hash="sha256:<64 hex>")`, '
                "`tf.keras.utils.get_file(..., file_hash=...)`), read a fixed object version "
                "(S3 `VersionId`, "
                "a GCS generation, Delta `versionAsOf`, a commit sha in the URL), or track the file with "
                "`dvc import-url <url> data/`.",
            )
        )
    return outcome_from_findings(
        findings,
        checked=len(reads),
        what="remote data reads",
        evidence=sorted({r[0] for r in reads if r[4] == "pinned"}),
    )


# ====================================================================================== data-schema
_SCHEMA_DECL = {
    "pandera": "pandera",
    "great_expectations": "Great Expectations",
    "tensorflow_data_validation": "TFDV",
    "deepchecks": "Deepchecks",
    "tfx": "TFX",
}
_SCHEMA_NEEDLES = Needles(*_SCHEMA_DECL, "pydantic")
_TFDV_SCHEMA = Needles("feature {", "feature{")
_SODA_CHECKS = Needles("checks for ")
_DBT_TESTS = Needles("tests:", "data_tests:")
_EXAMPLE_VALIDATOR = Needles("ExampleValidator")
_VALIDATE_CALLS = lazyre.compile(
    r"(^|\.)(validate|run_checkpoint|run|validate_statistics|validate_examples_in_tfrecord|"
    r"validate_examples_in_csv|model_validate|parse_obj|validate_python)$"
)
_VALIDATING_LIB = {"tensorflow_data_validation": True, "great_expectations": True, "deepchecks": True}
_RECORD_NAME = lazyre.compile(r"(Record|Row|Schema|Sample|Example|Datum|Entry|Features?)$")
_SCHEMA_CLI = lazyre.compile(
    r"\b(great_expectations|gx)\s+(checkpoint\s+run|validate)|\bsoda\s+scan\b|\bdbt\s+(test|build)\b"
    r"|\bpandera\b|\bvalidate\b"
)


_EXPECTATIONS = Needles(".expect_")


def _conftest_libs(index: RepoIndex) -> dict[str, list[str]]:
    """Folder -> the schema libraries its conftest.py imports (what its pytest fixtures are made with)."""
    out: dict[str, list[str]] = {}
    conftests = [p for p in python_files(index) if p.rsplit("/", 1)[-1] == "conftest.py"]
    for unit in units_where(index, index.containing(conftests, _SCHEMA_NEEDLES), _any_unit, keep=False):
        out[parent_dir(unit.path)] = [lib for lib in _SCHEMA_DECL if unit.imports_any(lib)]
    return out


def _fixture_libs(path: str, conftest: dict[str, list[str]]) -> list[str]:
    """The schema libraries of the conftest.py files that apply to a test module (its folder and those above)."""
    if not conftest or not is_test_path(path):
        return []
    out: list[str] = []
    folder = parent_dir(path)
    while True:
        out += [lib for lib in conftest.get(folder, []) if lib not in out]
        if not folder:
            return out
        folder = parent_dir(folder)


class _SchemaFacts(NamedTuple):
    """What ``_schema_declarations`` reads of one module or notebook: whether it imports a schema library (or
    pydantic) and Great Expectations, its declarations and validation sites in walk order, the methods of its
    pandera schemas that call validate, and the names of the schemas it declares."""

    declares: bool
    great_expectations: bool
    decls: list[tuple[str, int | None, int | None, str, str]]
    sites: list[tuple[str, int | None, int | None]]
    wrappers: frozenset[str]
    names: frozenset[str]


def _schema_summary(path: str, sources: list[PySource]) -> _SchemaFacts:
    unit = build_unit(path, sources)
    return _schema_facts(unit, unit.imports_any("great_expectations"))


def _schema_facts(unit: Unit, great_expectations: bool) -> _SchemaFacts:
    """The module's ``_SchemaFacts``, reading Great Expectations' calls when ``great_expectations`` (the module or
    the conftest files of its test folder import it)."""
    decls: list[tuple[str, int | None, int | None, str, str]] = []
    sites: dict[str, list[tuple[str, int | None, int | None]]] = defaultdict(list)
    schema_names: set[str] = set()
    wrappers: set[str] = set()
    libs = ["great_expectations"] if great_expectations else []
    for src, node in unit.walk():
        if isinstance(node, ast.ClassDef):
            bases = [unit.qualname(b) or "" for b in node.bases]
            line, cell = _loc(src, node)
            if any(
                b.startswith("pandera") and b.endswith(("DataFrameModel", "SchemaModel")) for b in bases
            ):
                decls.append((src.path, line, cell, "pandera", node.name))
                # a classmethod of the schema that calls validate (`Schema.check(df)`) validates too
                wrappers |= {m.name for m in node.body if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)
                             and any(isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                                     and c.func.attr == "validate" for c in ast.walk(m))}
                schema_names.add(node.name)
            elif (
                any(b.startswith("pydantic") and b.endswith("BaseModel") for b in bases)
                and (_RECORD_NAME.search(node.name) or re.search(r"schema|data", src.path, re.I))
                and not re.search(r"Request|Response|Settings|Config", node.name)
                # a serving framework validates its request models on every call: they describe
                # requests, not the training data
                and not _SERVING_FRAMEWORK.search(src.text)
            ):
                decls.append((src.path, line, cell, "pydantic", node.name))
                schema_names.add(node.name)
        elif isinstance(node, ast.Call):
            name = unit.qualname(node.func) or ""
            last = name.rsplit(".", 1)[-1]
            line, cell = _loc(src, node)
            root = name.split(".", 1)[0]
            if root == "pandera" and last in ("DataFrameSchema", "SeriesSchema"):
                decls.append((src.path, line, cell, "pandera", last))
            elif root == "great_expectations" and (
                last in ("ExpectationSuite", "get_context") or last.startswith("Expect")
            ):
                decls.append((src.path, line, cell, "Great Expectations", last))
            elif root == "tensorflow_data_validation" and last in ("infer_schema", "load_schema_text"):
                decls.append((src.path, line, cell, "TFDV", last))
            elif root == "tfx" and last in ("SchemaGen", "ImportSchemaGen"):
                decls.append((src.path, line, cell, "TFX", last))
            elif root == "deepchecks" and last in (
                "data_integrity",
                "train_test_validation",
                "full_suite",
            ):
                decls.append((src.path, line, cell, "Deepchecks", last))
            elif (
                isinstance(node.func, ast.Attribute)
                and node.func.attr.startswith("expect_")
                and "great_expectations" in libs
            ):
                decls.append((src.path, line, cell, "Great Expectations", node.func.attr))
                sites[src.path].append((src.path, line, cell))
            elif root == "great_expectations_provider" and last == "GreatExpectationsOperator":
                # Airflow's Great Expectations operator validates a batch against a suite (or runs a
                # checkpoint) as a task of the DAG: the suite it names is the declaration, the task its use
                suite = next((k.value.value for k in node.keywords
                              if k.arg in ("expectation_suite_name", "checkpoint_name")
                              and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)), last)
                decls.append((src.path, line, cell, "Great Expectations", suite))
                sites[src.path].append((src.path, line, cell))
            validator = root == "tfx" and last == "ExampleValidator"
            # a Great Expectations context runs its checkpoints whatever the variable is called
            checkpoint = "great_expectations" in libs and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("run_checkpoint", "run_validation_operator")
            if validator or checkpoint or (_VALIDATING_LIB.get(root) and _VALIDATE_CALLS.search(last)):
                sites[src.path].append((src.path, line, cell))
    declares = any(unit.imports_any(lib) for lib in (*_SCHEMA_DECL, "great_expectations_provider")) \
        or unit.imports_any("pydantic")
    return _SchemaFacts(declares, great_expectations, decls, sites.get(unit.path, []), frozenset(wrappers),
                        frozenset(schema_names))


RepoIndex.summariser("data-schema-decls", _schema_summary, needles=(_SCHEMA_NEEDLES, _EXPECTATIONS),
                     at_drop=lambda index, path: "data-schema" in index.rules and not in_library_package(index, path))


def _schema_declarations(
    index: RepoIndex,
) -> tuple[
    list[tuple[str, int | None, int | None, str, str]], dict[str, list[tuple[str, int | None, int | None]]]
]:
    """Declared schemas (path, line, cell, kind, name) and validation sites by file
    (path -> [(path, line, cell)])."""
    decls: list[tuple[str, int | None, int | None, str, str]] = []
    sites: dict[str, list[tuple[str, int | None, int | None]]] = defaultdict(list)
    schema_names: set[str] = set()
    wrappers: set[str] = set()  # methods of declared schema classes that call validate
    first = list(index.containing(python_files(index), _SCHEMA_NEEDLES))
    # a test module's fixtures come from the conftest.py files above it: `df.expect_column_values_to_be_unique`
    # in a test whose `df` fixture is a Great Expectations dataset made in tests/data/conftest.py
    fixture_libs = _conftest_libs(index)
    seen = set(first)
    paths = [*first, *(p for p in index.containing(python_files(index), _EXPECTATIONS)
                       if p not in seen and _fixture_libs(p, fixture_libs))]

    # one module at a time, none kept for this: what is kept of them is paths, lines and names (keeping every
    # module that spells pydantic held 1.2M characters of trees on karunru/kaggle_monorepo to the end); a module's
    # are a summary ("data-schema-decls"), made at the drop of its parse
    for path in paths:
        if not index.summary("py-source-count", path):  # parsed (and any syntax error noticed) as before
            continue
        # a published library's models (a serving protocol's pydantic types) are its API
        if in_library_package(index, path):
            continue
        fixture = _fixture_libs(path, fixture_libs)
        facts: _SchemaFacts = index.summary("data-schema-decls", path)
        if not facts.declares and not fixture:
            continue
        if "great_expectations" in fixture and not facts.great_expectations:
            unit = unit_at_hand(index, path)  # its fixtures are Great Expectations': read with them
            if unit is None:
                continue
            facts = _schema_facts(unit, True)
        decls += facts.decls
        if facts.sites:
            sites[path] += facts.sites
        wrappers |= facts.wrappers
        schema_names |= facts.names
    # validation calls on the declared schemas, anywhere in the repository (in files that name one): the
    # schema, or a subclass of it (`InputsSchema(Schema)`), named directly or through its module
    # (`schemas.InputsSchema.check(df)`)
    schema_units = list(units(index, Needles.of(*sorted(schema_names)))) if schema_names else []
    family = set(schema_names) | {
        cls.name for unit in schema_units for src in unit.sources for cls in src.of_types(ast.ClassDef)
        if any((dotted(b) or "").rsplit(".", 1)[-1] in schema_names for b in cls.bases)}
    for unit in schema_units:
        for src, node in unit.walk():
            if isinstance(node, ast.Call):
                text = ast.unparse(node.func)
                head = text.split(".", 1)[0]
                parts = text.split(".")
                owner = parts[-2] if len(parts) > 1 else ""
                if ((
                    head in schema_names or unit.aliases.get(head, "").rsplit(".", 1)[-1] in schema_names
                ) and (_VALIDATE_CALLS.search(text) or "." not in text)) or (
                        owner in family and (parts[-1] in wrappers or _VALIDATE_CALLS.search(parts[-1]))):
                    line, cell = _loc(src, node)
                    sites[src.path].append((src.path, line, cell))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for dec in node.decorator_list:
                    dname = unit.qualname(dec.func if isinstance(dec, ast.Call) else dec) or ""
                    if dname.startswith("pandera") and dname.endswith(
                        ("check_types", "check_input", "check_output", "check_io")
                    ):
                        line, cell = _loc(src, node)
                        sites[src.path].append((src.path, line, cell))
    for path in index.files:
        name = path.rsplit("/", 1)[-1]
        if path.endswith(".pbtxt") and index.contains(path, _TFDV_SCHEMA):
            decls.append((path, 1, None, "TFDV", name))
        elif path.endswith(".json") and re.search(r"(^|/)(great_expectations|gx)/expectations/", path):
            decls.append((path, 1, None, "Great Expectations", name))
        elif path.endswith((".yml", ".yaml")) and index.contains(path, _SODA_CHECKS):
            for doc in index.yaml(path):
                if isinstance(doc, dict) and any(str(k).startswith("checks for ") for k in doc):
                    key = next(str(k) for k in doc if str(k).startswith("checks for "))
                    decls.append((path, yaml_line(doc, key), None, "Soda", key))
        elif (
            path.endswith((".yml", ".yaml"))
            and index.named("dbt_project.yml")
            and index.contains(path, _DBT_TESTS)
            and not path.startswith(".github/")
        ):
            decls.append((path, 1, None, "dbt", name))
    return decls, sites


_SERVING_FRAMEWORK = lazyre.compile(r"^\s*(from|import)\s+(fastapi|bentoml|flask|kserve|litserve|ray\s*\.\s*serve"
                                r"|ray\s+import\s+serve|mlserver)\b", re.M)


# what runs a validation without a person: CI (its tests too), a DVC stage, a pre-commit hook, a scheduled DAG
# or CronJob (an Airflow DAG whose validation task runs before training on every daily batch)
_SCHEMA_RUNS = ("ci", "ci-tests", "dvc", "pre-commit", "dag", "cronjob")


def _run_why(run: Run) -> str:
    what = run.what if run.source in ("ci-tests", "pre-commit") else \
        f"{'CI' if run.source == 'ci' else run.what} ({run.path})"
    return f"imported by {run.via} ({what})" if run.hops else what


def schema(ctx: Context) -> Outcome:
    index = ctx.index
    decls, sites = _schema_declarations(index)
    if not ctx.model.data_reads and not ctx.model.trains and any(d[3] == "pydantic" for d in decls):
        # a pydantic model is a record schema only where there are records to check: in a repository that
        # reads no dataset and trains nothing it describes what a service returns (detections, scores)
        records = {d[4] for d in decls if d[3] == "pydantic"}
        decls = [d for d in decls if d[3] != "pydantic"]
        sites = {p: s for p, s in sites.items() if not index.contains(p, Needles.of(*sorted(records)))}
    auto = {p: _run_why(r) for p in sites if (r := runs_of(index, p, _SCHEMA_RUNS)) is not None}
    if decls:
        automated: list[str] = []
        for path in sites:
            if path in auto:
                automated.append(f"{path} (run by {auto[path]})")
        # validation that the training entrypoint runs (a pipeline's validation step before its training
        # step) checks every batch that reaches training, whoever starts the run
        for entry in ctx.model.training:
            if entry.path.endswith(".py"):
                reached = {entry.path, *repo_imports(index, entry.path)}
                reached |= {dep for p in list(reached) for dep in repo_imports(index, p)}
                automated += [f"{p} (run by every training run: {entry.path})" for p in sorted(sites)
                              if p in reached and p not in auto]
        cli = [
            (w, c, why)
            for w, c, why in automation_commands(index)
            if re.search(
                r"\b(great_expectations|gx)\s+checkpoint\s+run|\bsoda\s+scan\b|\bdbt\s+(test|build)\b", c
            )
        ]
        automated += [f"`{c.strip()}` in {why}" for _w, c, why in cli]
        if any(d[3] == "TFX" for d in decls):  # ExampleValidator runs on every pipeline run
            tfx_validator = [p for p, s in sites.items() if index.contains(p, _EXAMPLE_VALIDATOR)]
            automated += [f"{p} (TFX ExampleValidator)" for p in tfx_validator]
        kinds = sorted({d[3] for d in decls})
        evidence = sorted({d[0] for d in decls} | set(sites))
        if automated:
            return Outcome(
                Status.PASS,
                f"{', '.join(kinds)} schema validated automatically: {automated[0]}",
                evidence=tuple(evidence),
                automated=True,
            )
        path, line, cell, kind, name = decls[0]
        run = (
            "is never called"
            if not sites
            else f"is called in {', '.join(sorted(sites)[:2])}, which no "
            "pipeline stage, CI job or CI-run test executes"
        )
        return outcome_from_findings(
            [
                Finding(
                    path,
                    line,
                    f"{kind} schema `{name}` is declared but its validation {run}, so a bad batch of data "
                    "reaches training unnoticed",
                    level=Level.PARTIAL,
                    cell=cell,
                    key=f"schema not automated {kind}",
                    confidence=Confidence.MEDIUM,
                    remediation="Validate every new batch automatically: call the schema (e.g. "
                                "`Schema.validate(df)`) in "
                    "the data-preparation step of the pipeline (a dvc.yaml stage) or in a test that CI runs "
                    "on every "
                    "pull request.",
                )
            ],
            checked=len(decls),
            what="data schemas",
            evidence=evidence,
        )
    # the reads of training data are the repository model's (not a batch scoring job's input)
    reads = sorted(ctx.model.data_reads, key=lambda r: (r.path.endswith(".ipynb"), r.path))
    findings = []
    if reads:
        path, line, cell, name = reads[0].path, reads[0].line, reads[0].cell, reads[0].name
        others = f" ({len(reads) - 1} other modules load data too)" if len(reads) > 1 else ""
        findings.append(
            Finding(
                path,
                line,
                f"{name.rsplit('.', 1)[-1]}() loads training data, and no schema declares what that data "
                f"must look like (types, ranges, allowed values){others}",
                cell=cell,
                key="no schema",
                scope=Scope.REPOSITORY,  # shown at the first module that loads data
                confidence=Confidence.MEDIUM,
                remediation="Declare the expected columns and constraints (a pandera `DataFrameModel`, a "
                            "Great "
                "Expectations suite or a TFDV schema) and validate the data against it in the pipeline step "
                "that "
                "loads it.",
            )
        )
    return outcome_from_findings(findings, checked=len(reads), what="data-loading modules")


RULES: dict[str, RuleFn] = {
    "data-dvc-pinned": dvc_pinned,
    "data-dvc-params-fresh": params_fresh,
    "data-lfs": lfs,
    "data-hf-revision": hf_revision,
    "data-remote-unpinned": remote_unpinned,
    "data-schema": schema,
}
