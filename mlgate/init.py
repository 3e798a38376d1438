"""`mlgate init`: a starter configuration, a workflow and the pre-commit hooks, tuned to what mlgate
finds in the repository; `mlgate init --git-hooks`: the plain git hooks.

Files that already exist are never rewritten: `.mlgate.yaml` and the workflow are left alone, and
`.pre-commit-config.yaml` only gets one `- repo:` block appended to its `repos:` list, every other
byte kept. Running it twice changes nothing.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import field
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from mlgate import PROJECT_URL, __version__, lazyre
from mlgate.records import dataclass

CONFIG_FILE = ".mlgate.yaml"
WORKFLOW_FILE = ".github/workflows/mlgate.yml"
PRECOMMIT_FILE = ".pre-commit-config.yaml"
GIT_HOOKS = ("pre-commit", "pre-push")
FILE_HOOK_IDS = ("mlgate-data-pins", "mlgate-provenance", "mlgate-model-spec", "mlgate-rollout",
                 "mlgate-config")
# One release tag for every reference `mlgate init` writes: the workflow's `uses:` and the hooks' `rev:`
# name the same mlgate, the one that wrote them.
REV = f"v{__version__}"
ACTION = PROJECT_URL.split("github.com/", 1)[-1] + "@" + REV
MAX_GLOBS = 12

DEPLOY_DIRS = frozenset({"deploy", "deployment", "deployments", "k8s", "kubernetes", "helm", "charts",
                         "manifests", "kustomize", "serving", "infra"})
DEPLOY_KINDS = lazyre.compile(r"^kind:\s*(Deployment|Rollout|InferenceService|SeldonDeployment|StatefulSet|"
                              r"Service|Canary|AnalysisTemplate|Model|ServingRuntime|Endpoint|Ingress)\s*$", re.M)
FEATURE_DIRS = frozenset({"features", "feature", "feature_engineering", "featurization", "feature_store",
                          "feature_repo", "featurizers", "transforms", "preprocessing"})
FEATURE_FILE = lazyre.compile(r"^(features?|featuri[sz]\w*|feature_\w+|\w+_features?|preprocess\w*|transforms?)"
                              r"\.py$")
ARTIFACT_SUFFIXES = (".pkl", ".pickle", ".joblib", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".keras",
                     ".safetensors", ".gguf", ".tflite", ".pb", ".xgb", ".cbm")
SKIP_DIRS = ("tests/", "test/", "docs/", "doc/", "examples/", "example/", ".github/")
EXCLUDE_CANDIDATES = ("examples", "tests/fixtures", "vendor", "third_party", "notebooks/scratch")


class InitError(Exception):
    """Something `mlgate init` must not do (overwrite a hook, break a config): one line, exit 2."""


@dataclass
class Discovered:
    model_spec: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    deploy: list[str] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    spec_examples: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------- discovery
def _escape(path: str) -> str:
    """A file name as a gitignore-style pattern that matches only itself."""
    escaped = re.sub(r"([\\\[\]*?])", r"\\\1", path)
    return "\\" + escaped if escaped.startswith(("#", "!")) else escaped


def _globs(paths: Iterable[str], all_files: Iterable[str]) -> list[str]:
    """Patterns that match exactly ``paths``, never more (a broader pattern would bring in files
    mlgate did not judge to be of that kind): ``folder/*.ext`` where every ``.ext`` file of the
    folder is among them, else the file itself; at most MAX_GLOBS."""

    def group_of(path: str) -> tuple[str, str]:
        p = PurePosixPath(path)
        return (str(p.parent) if str(p.parent) != "." else "", p.suffix)

    wanted = sorted(set(paths))
    groups: dict[tuple[str, str], list[str]] = {}
    for p in wanted:
        groups.setdefault(group_of(p), []).append(p)
    siblings = Counter(group_of(f) for f in all_files)
    out: list[str] = []
    for (folder, suffix), group in sorted(groups.items()):
        if folder and suffix and len(group) > 1 and siblings[(folder, suffix)] == len(group) \
                and not re.search(r"[\\\[\]*?]", folder + suffix):
            out.append(f"{folder}/*{suffix}")
        else:
            out.extend(_escape(p) for p in group)
    return out[:MAX_GLOBS]


def discover(root: Path) -> Discovered:
    """What `mlgate init` tunes the configuration to, from the repository's files (read, never run)."""
    from mlgate.facts.specs import spec_files
    from mlgate.facts.tests import is_test_file
    from mlgate.repo import Needles, build_index

    index = build_index(root)
    found = Discovered()
    specs = [s.path for s in spec_files(index) if not s.path.startswith(SKIP_DIRS)]
    found.spec_examples = specs[:3]
    found.model_spec = _globs(specs, index.files)

    features = []
    for path in index.files:
        if not path.endswith(".py") or is_test_file(path) or path.startswith(SKIP_DIRS):
            continue
        parts = path.split("/")
        if any(p in FEATURE_DIRS for p in parts[:-1]) or FEATURE_FILE.match(parts[-1]):
            features.append(path)
    found.features = _globs(features, index.files)

    deploy = []
    api_version = Needles.of("apiVersion:")
    for path in index.with_suffix(".yaml", ".yml"):
        if path.startswith(SKIP_DIRS):
            continue
        parts = path.split("/")
        in_dir = any(p in DEPLOY_DIRS for p in parts[:-1])
        if in_dir or (index.contains(path, api_version) and DEPLOY_KINDS.search(index.text(path) or "")):
            deploy.append(path)
    found.deploy = _globs(deploy, index.files)

    artifacts = [p for p in index.with_suffix(*ARTIFACT_SUFFIXES) if not p.startswith(SKIP_DIRS)]
    found.artifacts = _globs(artifacts, index.files)
    found.exclude = [f"{d}/**" for d in EXCLUDE_CANDIDATES if index.under(d)]
    return found


# ---------------------------------------------------------------------- .mlgate.yaml
def _yaml_list(key: str, globs: list[str], comment: str, example: str) -> str:
    if not globs:
        return f"  # {comment}\n  # {key}: [{example}]\n"
    items = "".join(f"    - {json.dumps(g)}\n" for g in globs)  # JSON strings are YAML strings
    return f"  # {comment}\n  {key}:\n{items}"


def config_text(found: Discovered) -> str:
    seen = ", ".join(found.spec_examples) if found.spec_examples else "none yet"
    nothing = not (found.model_spec or found.features or found.artifacts or found.deploy)
    suggested = ", ".join(json.dumps(e) for e in found.exclude) or '"examples/**", "tests/fixtures/**"'
    exclude = ("  # Files mlgate does not analyse at all"
               + (". Found folders you may want to skip:\n" if found.exclude else ", for example:\n")
               + f"  # exclude: [{suggested}]\n"
               + ("  exclude: []\n" if nothing else ""))
    return (
        "# mlgate configuration: the ML Test Score of this repository as a quality gate.\n"
        f"# Written by `mlgate init` (mlgate {__version__}) from what it found here; edit freely.\n"
        "# `mlgate check` runs the gate, `mlgate rules` lists the rules, `mlgate explain RULE-ID`\n"
        "# explains one.\n"
        f"# Reference: {PROJECT_URL}#configuration\n"
        "\n"
        "# The gate fails on findings at or above this severity: error | warning | info | never.\n"
        "# In a pull request (or with --base) only findings that are new against the base branch count.\n"
        "fail-on: error\n"
        "\n"
        "# The gate also fails when the ML Test Score (0 to 7) is below this. Run `mlgate check` first and\n"
        "# set it to today's score, so the score can only go up.\n"
        "# fail-under: 1.0\n"
        "\n"
        "# Per rule: off | error | warning | info (or a mapping with severity and the rule's options).\n"
        "# rules:\n"
        "#   repro-image-digest: warning\n"
        "#   data-remote-unpinned: off\n"
        "\n"
        "paths:\n"
        f"{exclude}"
        + _yaml_list("model-spec", found.model_spec,
                     "Model code, hyperparameters and training configs, added to what mlgate finds itself\n"
                     f"  # (it found: {seen}).", '"configs/model/**"')
        + _yaml_list("features", found.features, "Feature-engineering code, whose tests mlgate looks for.",
                     '"src/*/features/**"')
        + _yaml_list("artifacts", found.artifacts, "Model and data artifacts, which need provenance.",
                     '"models/**"')
        + _yaml_list("deploy", found.deploy, "Deployment manifests (rollout, rollback, pinned models).",
                     '"deploy/**"')
        + "\n"
        "# Evidence no file shows, counted as the paper's manual 0.5 (1 with `automation:`).\n"
        "# attestations:\n"
        "#   - test: Model 4\n"
        "#     evidence: docs/staleness-study.md\n"
        "#     note: quarterly A/B against a 3-month-old model\n"
        "\n"
        "# Silence a rule on some paths, with a reason and an expiry date.\n"
        "# waivers:\n"
        "#   - rule: prov-model-card\n"
        '#     paths: ["models/legacy/**"]\n'
        "#     reason: retired model, kept for audits\n"
        "#     expires: 2027-06-30\n"
    )


# ---------------------------------------------------------------------- the workflow
def workflow_text(branch: str) -> str:
    return (
        "# mlgate: the ML Test Score of this repository, as a gate on every pull request.\n"
        f"# Written by `mlgate init`. Inputs and outputs: {PROJECT_URL}#github-action\n"
        "name: mlgate\n"
        "\n"
        "on:\n"
        "  pull_request:\n"
        "  push:\n"
        f"    branches: [{branch}]\n"
        "\n"
        "permissions:\n"
        "  contents: read          # read the repository\n"
        "  pull-requests: write    # the PR comment and review comments\n"
        "  statuses: write         # the `mlgate` commit status\n"
        "\n"
        "jobs:\n"
        "  mlgate:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          fetch-depth: 0  # the base branch, to report only the findings a PR introduces\n"
        f"      - uses: {ACTION}\n"
        "        # with:\n"
        '        #   fail-under: "1.5"\n'
        "        #   fail-on: error\n"
        "        #   sarif-file: mlgate.sarif  # then upload it with github/codeql-action/upload-sarif\n"
    )


# ---------------------------------------------------------------------- .pre-commit-config.yaml
def _hook_block(dash_indent: str, dash_gap: str, hooks_offset: str, hooks_gap: str) -> str:
    key = dash_indent + " " * (1 + len(dash_gap))
    item = key + hooks_offset
    lines = [f"{dash_indent}-{dash_gap}repo: {PROJECT_URL}", f"{key}rev: {REV}", f"{key}hooks:"]
    lines += [f"{item}-{hooks_gap}id: {hid}" for hid in FILE_HOOK_IDS]
    lines += [f"{item}# the whole gate, on `git push` (pre-commit install --hook-type pre-push)",
              f"{item}-{hooks_gap}id: mlgate"]
    return "\n".join(lines) + "\n"


def precommit_new_text() -> str:
    return ("# See https://pre-commit.com for more information\n"
            "repos:\n" + _hook_block("  ", " ", "  ", " "))


def _is_ours(repo: Any) -> bool:
    if not isinstance(repo, dict):
        return False
    url = str(repo.get("repo", "")).lower().rstrip("/")
    url = url[:-4] if url.endswith(".git") else url
    if url == PROJECT_URL.lower() or url.endswith("/mlgate"):
        return True
    hooks = repo.get("hooks")
    return isinstance(hooks, list) and any(isinstance(h, dict) and str(h.get("id", "")).startswith("mlgate")
                                           for h in hooks)


def _load_rt(text: str) -> Any:
    import warnings

    from ruamel.yaml import YAML

    with warnings.catch_warnings():  # ruamel's warnings (a reused anchor): pre-commit's own check says it
        warnings.simplefilter("ignore")
        return YAML(typ="rt").load(io.StringIO(text))


def _indentation(lines: list[str], start: int) -> tuple[str, str, str, str]:
    """(indent before `-`, gap after it, hooks-list offset, gap) used by the existing repos list."""
    dash_indent, dash_gap, hooks_offset, hooks_gap = "  ", " ", "  ", " "
    for i in range(start, len(lines)):
        m = re.match(r"^(\s*)-(\s+)repo\s*:", lines[i])
        if m:
            dash_indent, dash_gap = m.group(1), m.group(2)
            break
    for i in range(start, len(lines)):
        h = re.match(r"^(\s*)hooks\s*:\s*(#.*)?$", lines[i])
        if not h:
            continue
        for j in range(i + 1, len(lines)):
            d = re.match(r"^(\s*)-(\s+)\S", lines[j])
            if d:
                hooks_offset = " " * max(0, len(d.group(1)) - len(h.group(1)))
                hooks_gap = d.group(2)
                break
            if lines[j].strip() and not lines[j].lstrip().startswith("#"):
                break
        break
    return dash_indent, dash_gap, hooks_offset, hooks_gap


def add_to_precommit(text: str) -> str | None:
    """The config with mlgate's repo block appended to `repos:`, every other byte kept; None when
    mlgate is already there. Raises InitError when the file cannot be extended safely."""
    from ruamel.yaml.error import YAMLError

    try:
        doc = _load_rt(text)
    except YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise InitError(f"{PRECOMMIT_FILE}: invalid YAML ({first}); fix it and run again") from exc
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise InitError(f"{PRECOMMIT_FILE}: not a mapping with `repos:`; add mlgate's hooks by hand")
    repos = doc.get("repos")
    if isinstance(repos, list) and any(_is_ours(r) for r in repos):
        return None
    lines = text.splitlines(keepends=True)
    eol = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += eol
    if "repos" not in doc:
        block = "repos:\n" + _hook_block("  ", " ", "  ", " ")
        return "".join(lines) + block.replace("\n", eol)
    inline = bool(getattr(getattr(repos, "fa", None), "flow_style", lambda: False)())
    if repos is None or (isinstance(repos, list) and (not repos or inline)):
        return _add_round_trip(doc, eol)
    if not isinstance(repos, list):
        raise InitError(f"{PRECOMMIT_FILE}: `repos:` is not a list; add this by hand:\n"
                        + _hook_block("  ", " ", "  ", " "))
    keys = list(doc.keys())
    lc: Any = getattr(doc, "lc", None)
    repos_line = lc.key("repos")[0]
    after = keys[keys.index("repos") + 1:] if keys.index("repos") + 1 < len(keys) else []
    if after:
        end = lc.key(after[0])[0]  # 0-based line of the next top-level key
        # step back over blank lines and top-level comments (they introduce the next key); an
        # indented comment belongs to the last repo and stays with it
        while end > repos_line + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
    else:
        end = len(lines)
    block = _hook_block(*_indentation([ln.rstrip("\r\n") for ln in lines], repos_line + 1)).replace("\n", eol)
    return "".join(lines[:end]) + block + "".join(lines[end:])


def _add_round_trip(doc: Any, eol: str) -> str:
    """mlgate's repo added to a `repos:` written inline (`repos: [...]`), empty or null, through ruamel's
    round trip: the list keeps its style, comments are kept; the text is re-emitted by ruamel."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    block = CommentedMap([("repo", PROJECT_URL), ("rev", REV),
                          ("hooks", CommentedSeq(CommentedMap([("id", hid)]) for hid in (*FILE_HOOK_IDS, "mlgate")))])
    repos = doc.get("repos")
    if repos is None:
        doc["repos"] = CommentedSeq([block])
    else:
        if repos.fa.flow_style():
            block.fa.set_flow_style()
            block["hooks"].fa.set_flow_style()
            for hook in block["hooks"]:
                hook.fa.set_flow_style()
        repos.append(block)
    out = io.StringIO()
    yaml = YAML(typ="rt")
    yaml.width = 4096  # one repo per line in a flow list, not folded at 80 columns
    yaml.dump(doc, out)
    return out.getvalue().replace("\n", eol)


PRECOMMIT_MISSING = "pre-commit is not installed here"


def validate_precommit(path: Path) -> str | None:
    """pre-commit's own verdict on a config file: None when valid, the problem when not,
    PRECOMMIT_MISSING when pre-commit cannot be imported (nothing was checked)."""
    try:
        clientlib = importlib.import_module("pre_commit.clientlib")
    except ImportError:
        return PRECOMMIT_MISSING
    try:
        clientlib.load_config(str(path))
    except clientlib.InvalidConfigError as exc:
        return _one_line(str(exc))
    return None


def _one_line(message: str) -> str:
    """pre-commit's multi-line error (a `==> File` line, then `=====>` lines and YAML locations) as one line."""
    lines = [line.strip().removeprefix("=====>").strip() for line in message.strip().splitlines()
             if line.strip() and not line.lstrip().startswith("==> File")]
    text = re.sub(r"\s+", " ", " ".join(lines)).replace('in "<unicode string>", ', "")
    return text or "invalid"


def _checked(path: Path) -> str:
    """What `mlgate init` says about the .pre-commit-config.yaml it wrote."""
    problem = validate_precommit(path)
    if problem == PRECOMMIT_MISSING:
        return (f"not checked: {PRECOMMIT_MISSING} (pip install pre-commit; then `pre-commit validate-config` "
                "checks it)")
    if problem:
        return f"pre-commit's schema reports a problem: {problem}"
    return "checked with pre-commit's own schema"


INSTALL_REMINDER = ("then run `pre-commit install` and `pre-commit install --hook-type pre-push` (the `mlgate` hook "
                    "runs the whole gate on push)")


# ---------------------------------------------------------------------- the plain git hooks
def git_hook_text(name: str, python: str | None = None) -> str:
    """A plain git hook; with ``python``, the interpreter that has mlgate recorded in it (an absolute path,
    so that the hook works without the virtualenv being active and fails loudly when it is gone)."""
    text = (resources.files("mlgate") / "githooks" / name).read_text(encoding="utf-8")
    if python is not None:
        import shlex

        text = text.replace('\nMLGATE_PYTHON="${MLGATE_PYTHON:-}"\n', f"\nMLGATE_PYTHON={shlex.quote(python)}\n", 1)
    return text


def install_git_hooks(root: Path, *, force: bool = False, say: Callable[[str], None] = print) -> None:
    from mlgate import git

    where = git.hooks_dir(root)
    if where is None:
        raise InitError(f"{root}: not inside a git work tree; run `git init` first")
    planned: list[tuple[Path, str]] = []
    for name in GIT_HOOKS:
        target = where / name
        wanted = git_hook_text(name, python=os.path.abspath(sys.executable))
        if target.exists() or target.is_symlink():
            try:
                current = target.read_text(encoding="utf-8", errors="replace")
            except OSError:
                current = None
            if current == wanted:
                say(f"{target}: already installed")
                continue
            if not force:
                raise InitError(f"{target} exists and is a different hook; keep it, or replace it with "
                                "`mlgate init --git-hooks --force` (with the pre-commit framework, add "
                                f"mlgate to {PRECOMMIT_FILE} instead)")
        planned.append((target, wanted))
    for target, wanted in planned:
        where.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        target.write_text(wanted, encoding="utf-8")
        target.chmod(0o755)
        say(f"{target}: installed")


# ---------------------------------------------------------------------- the command
def _has_config(root: Path) -> str | None:
    from mlgate.config import find_config

    found = find_config(root)
    return found.name if found is not None else None


def run_init(root: Path, *, git_hooks: bool = False, force: bool = False,
             say: Callable[[str], None] = print) -> int:
    if not root.is_dir():
        raise InitError(f"{root}: not a directory")
    if git_hooks:
        install_git_hooks(root, force=force, say=say)
        return 0

    # Plan every change first, so that a refusal leaves the repository untouched.
    precommit = root / PRECOMMIT_FILE
    raw = precommit.read_bytes() if precommit.exists() else None
    updated: str | None = None
    if raw is not None:
        try:
            original = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InitError(f"{PRECOMMIT_FILE}: not UTF-8 text") from exc
        updated = add_to_precommit(original)

    existing = _has_config(root)
    if existing:
        say(f"{existing}: kept as it is")
    else:
        text = config_text(discover(root))
        from mlgate.config import ConfigError, parse_config

        try:
            parse_config(text, CONFIG_FILE)
        except ConfigError as exc:  # pragma: no cover - a bug in the template
            raise InitError(f"internal error: the generated configuration is invalid: {exc}") from exc
        (root / CONFIG_FILE).write_text(text, encoding="utf-8")
        say(f"{CONFIG_FILE}: written")

    workflow = root / WORKFLOW_FILE
    if workflow.exists():
        say(f"{WORKFLOW_FILE}: kept as it is")
    else:
        from mlgate import git

        workflow.parent.mkdir(parents=True, exist_ok=True)
        workflow.write_text(workflow_text(git.current_branch(root) or "main"), encoding="utf-8")
        say(f"{WORKFLOW_FILE}: written")

    if raw is None:
        precommit.write_text(precommit_new_text(), encoding="utf-8")
        say(f"{PRECOMMIT_FILE}: written ({_checked(precommit)}); {INSTALL_REMINDER}")
    elif updated is None:
        say(f"{PRECOMMIT_FILE}: already has mlgate's hooks")
    else:
        was_invalid = validate_precommit(precommit)
        precommit.write_bytes(updated.encode("utf-8"))
        problem = validate_precommit(precommit)
        if problem and problem != PRECOMMIT_MISSING and not was_invalid:
            precommit.write_bytes(raw)
            raise InitError(f"{PRECOMMIT_FILE}: adding mlgate's hooks would make it invalid ({problem}); "
                            "left unchanged")
        say(f"{PRECOMMIT_FILE}: mlgate's hooks added ({_checked(precommit)}); {INSTALL_REMINDER}")
    return 0
