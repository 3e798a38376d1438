"""The hook manifest: the SPEC's hook ids, console scripts that exist, stage names that match the
minimum pre-commit version, every id documented, and the hooks module agreeing with it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_manifest

from mlgate import hooks
from mlgate.catalog import load_catalog

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
SPEC_IDS = [
    "mlgate-data-pins",
    "mlgate-provenance",
    "mlgate-model-spec",
    "mlgate-rollout",
    "mlgate-config",
    "mlgate",
]


def manifest() -> list[dict[str, object]]:
    data = yaml.safe_load(MANIFEST.read_text())
    assert isinstance(data, list), "the manifest is a top-level list"
    return data


def scripts() -> dict[str, str]:
    doc = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return dict(doc["project"]["scripts"])


def test_manifest_is_valid_for_pre_commit_and_has_the_spec_ids() -> None:
    loaded = load_manifest(str(MANIFEST))
    assert [h["id"] for h in loaded] == SPEC_IDS


def test_entries_are_console_scripts_of_the_package() -> None:
    declared = scripts()
    for hook in manifest():
        program = str(hook["entry"]).split()[0]
        assert program in declared, f"{hook['id']}: {program} is not in [project.scripts]"
        module, func = declared[program].split(":")
        assert module in ("mlgate.hooks", "mlgate.cli")
        assert callable(getattr(sys.modules.get(module) or __import__(module, fromlist=[func]), func))
        assert hook["language"] == "python"


def test_file_hooks_narrow_their_files_and_the_gate_hook_runs_once_on_push() -> None:
    by_id = {h["id"]: h for h in manifest()}
    for hid in SPEC_IDS[:-1]:
        assert by_id[hid].get("types") or by_id[hid].get("files"), hid
        assert by_id[hid].get("pass_filenames", True) is True
    gate = by_id["mlgate"]
    assert gate["entry"] == "mlgate-hook-gate"
    assert gate["pass_filenames"] is False and gate["require_serial"] is True
    assert gate["stages"] == ["pre-push", "manual"]


def test_minimum_version_matches_the_stage_names() -> None:
    # `pre-push` and `manual` as stage names (instead of `push`) arrived in pre-commit 3.2.0
    for hook in manifest():
        version = tuple(int(p) for p in str(hook["minimum_pre_commit_version"]).split("."))
        assert version >= (3, 2, 0), hook["id"]


@pytest.mark.parametrize(
    ("path", "hook_id", "wanted"),
    [
        ("src/train.py", "mlgate-data-pins", True),
        ("notebooks/eda.ipynb", "mlgate-data-pins", True),
        ("data/raw.dvc", "mlgate-data-pins", True),
        ("docker/Dockerfile.gpu", "mlgate-data-pins", True),
        ("api/dockerfile", "mlgate-data-pins", True),  # Docker's second default name
        ("docker/Containerfile", "mlgate-data-pins", True),
        ("requirements-dev.txt", "mlgate-data-pins", True),
        ("README.md", "mlgate-data-pins", False),
        ("models/clf.onnx", "mlgate-provenance", True),
        ("models/clf.pkl.provenance.json", "mlgate-provenance", True),
        ("models/churn/README.md", "mlgate-provenance", True),
        ("src/train.py", "mlgate-provenance", False),
        ("deploy/k8s/rollout.yaml", "mlgate-rollout", True),
        ("src/serve.py", "mlgate-rollout", False),
        (".mlgate.yaml", "mlgate-config", True),
        ("pyproject.toml", "mlgate-config", True),
        ("sub/.mlgate.yaml", "mlgate-config", False),
    ],
)
def test_files_patterns(path: str, hook_id: str, wanted: bool) -> None:
    hook = next(h for h in manifest() if h["id"] == hook_id)
    assert bool(re.search(str(hook.get("files", "")), path)) is wanted


def test_hooks_module_agrees_with_the_manifest_and_the_catalogue() -> None:
    file_hooks = [h["id"] for h in manifest() if h["id"] not in ("mlgate", "mlgate-config")]
    assert sorted(hooks.HOOKS) == sorted(file_hooks)
    catalog = load_catalog()
    for hook in hooks.HOOKS.values():
        assert hook.rules and all(r in catalog for r in hook.rules), hook.id
    by_id = {h["id"]: h for h in manifest()}
    for hook in hooks.HOOKS.values():  # --only-matching gives a hook what pre-commit would give it
        assert hook.files == by_id[hook.id].get("files", ""), hook.id


def _hook_list_section() -> tuple[str, str]:
    """The hook list: README.md's '## pre-commit hooks' section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^(#+) pre-commit hooks\s*$(.*?)(?=^\1 |\Z)", text, re.M | re.S | re.I)
    if not m:
        pytest.fail("no '## pre-commit hooks' section in README.md")
    return "README.md", m.group(2)


def test_every_hook_id_is_documented_in_the_hook_list() -> None:
    where, section = _hook_list_section()
    rows = {m.group(1) for m in re.finditer(r"^\|\s*`([a-z-]+)`\s*\|", section, re.M)}
    ids = [str(h["id"]) for h in manifest()]
    assert not set(ids) - rows, f"{where}: no table row for {sorted(set(ids) - rows)}"
    assert not rows - set(ids), f"{where}: documents hooks that do not exist: {sorted(rows - set(ids))}"
    for hook in hooks.HOOKS.values():  # the rules each hook runs are listed on its row
        row = next(line for line in section.splitlines() if line.startswith(f"| `{hook.id}`"))
        assert all(f"`{r}`" in row for r in hook.rules), hook.id
