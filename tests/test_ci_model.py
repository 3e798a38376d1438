"""The CI model on hostile or odd input: cycles, huge scripts and broken task files end, quickly and
without a traceback, and what cannot be followed is reported as such."""

from __future__ import annotations

import time
from pathlib import Path

from mlgate.facts.ci import ci_jobs
from mlgate.repo import build_index
from tests.conftest import run_rule, write_tree

WORKFLOW = ("on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n      - run: {cmd}\n")


def test_cycles_and_huge_scripts_end_quickly(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="make a && ./loop.sh && just a && mise run a"),
        "Makefile": "a: b\n\t$(MAKE) a\nb: a\n\t$(MAKE) b\n",
        "loop.sh": "#!/bin/sh\n./loop.sh\nbash loop.sh\n" + "echo x\n" * 50_000,
        "justfile": "a: b\n    just a\nb: a\n    just b\n",
        "mise.toml": '[tasks.a]\nrun = "mise run a"\ndepends = ["a"]\n',
        "tests/test_x.py": "def test_x():\n    assert True\n",
    })
    start = time.perf_counter()
    jobs = ci_jobs(build_index(root, use_git=False))
    assert time.perf_counter() - start < 5
    assert len(jobs) == 1 and jobs[0].tests == ()


def test_broken_task_files_are_uncertainty_not_a_crash(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="nox -s tests && tox -e py && hatch run test"),
        "noxfile.py": "import nox\n\n@nox.session\ndef tests(session:\n",
        "tox.toml": "env_list = [\n",
        "pyproject.toml": "[tool.hatch.envs.default.scripts\n",
        "tests/test_x.py": "def test_x():\n    assert True\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "unknown", result.summary
    assert [(f.path, f.line, f.severity.value) for f in result.findings] == [
        (".github/workflows/ci.yml", 7, "warning")]
    assert "no noxfile.py session found" in result.findings[0].message


def test_a_test_file_run_as_a_script_is_a_test_run(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="python tests/test_model.py"),
        "tests/test_model.py": "def test_shape():\n    assert (2, 3) == (2, 3)\n\n\nif __name__ == '__main__':\n"
                               "    test_shape()\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "pass"
    assert result.summary.endswith(".github/workflows/ci.yml:7 -> python tests/test_model.py")


def test_other_languages_test_runners_do_not_hide_missing_python_tests(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="cargo test --workspace && go test ./..."),
        "tests/test_x.py": "def test_x():\n    assert True\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "fail"
    assert result.summary == "1 test file exists but no CI job runs them"


def test_python_dash_c_and_bazel_py_test_are_test_runs(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="python -c 'import pytest; pytest.main([\"tests\"])'"),
        "tests/test_x.py": "def test_x():\n    assert True\n",
    })
    assert run_rule(root, "feat-tests-in-ci").status.value == "pass"
    root = write_tree(tmp_path / "b", {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="bazel test //..."),
        "BUILD.bazel": 'py_test(name = "test_x", srcs = ["tests/test_x.py"])\n',
        "tests/test_x.py": "def test_x():\n    assert True\n",
    })
    assert run_rule(root, "feat-tests-in-ci").summary.endswith("ci.yml:7 -> bazel test //...")


def test_a_job_lists_every_command_it_reaches_with_its_chain(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".github/workflows/train.yml": WORKFLOW.format(cmd="make train"),
        "Makefile": "DATA ?= data/raw.csv\ntrain:\n\tdvc repro\n\tpython src/train.py --data $(DATA)\n",
    })
    (job,) = ci_jobs(build_index(root, use_git=False))
    assert [r.chain_text() for r in job.commands] == [
        ".github/workflows/train.yml:7 -> make train",
        ".github/workflows/train.yml:7 -> Makefile:3 -> dvc repro",
        ".github/workflows/train.yml:7 -> Makefile:4 -> python src/train.py --data data/raw.csv",
    ]


def test_make_targets_from_included_files_cite_their_own_file(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="make -C build check"),
        "build/Makefile": "include ../mk/tests.mk\n\ncheck: lint unit\nlint:\n\truff check .\n",
        "mk/tests.mk": "PYTEST := python -m pytest\n\nunit:\n\t$(PYTEST) -q ../tests\n",
        "tests/test_x.py": "def test_x():\n    assert True\n",
    })
    (job,) = ci_jobs(build_index(root, use_git=False))
    assert [t.chain_text() for t in job.tests] == [
        ".github/workflows/ci.yml:7 -> mk/tests.mk:4 -> python -m pytest -q ../tests"]


def _job_tests(root: Path) -> list[tuple[str, tuple[str, ...], str]]:
    return [(t.chain_text(), t.paths, t.cwd) for j in ci_jobs(build_index(root, use_git=False)) for t in j.tests]


def test_jobs_submitted_to_a_cluster_are_followed_into_their_entrypoint(tmp_path: Path) -> None:
    # the older Anyscale CLI: a positional config whose runtime_env sets the working directory
    root = write_tree(tmp_path / "a", {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="anyscale jobs submit ml/job.yaml --wait"),
        "ml/job.yaml": "name: checks\nruntime_env:\n  working_dir: ml\n  env_vars:\n    SUITE: tests/unit\n"
                       "entrypoint: bash run_checks.sh\n",
        "ml/run_checks.sh": "#!/bin/bash\npytest $SUITE -q\n",
        "ml/tests/unit/test_x.py": "def test_x():\n    assert True\n",
    })
    assert _job_tests(root) == [(".github/workflows/ci.yml:7 -> ml/job.yaml:6 -> ml/run_checks.sh:2 -> "
                                 "pytest tests/unit -q", ("tests/unit",), "ml")]
    # an entrypoint given after `--` overrides the config's; Ray's own job CLI works the same way
    root = write_tree(tmp_path / "b", {
        ".github/workflows/ci.yml": WORKFLOW.format(
            cmd="anyscale job submit --name pr -f job.yaml -- python -m pytest tests && "
                "ray job submit --address $RAY_ADDRESS --working-dir svc -- pytest api_tests"),
        "job.yaml": "entrypoint: python train.py\n",
        "svc/api_tests/test_api.py": "def test_api():\n    assert True\n",
        "tests/test_x.py": "def test_x():\n    assert True\n",
    })
    assert [(c.split(" -> ")[-1], p, d) for c, p, d in _job_tests(root)] == [
        ("python -m pytest tests", ("tests",), ""), ("pytest api_tests", ("api_tests",), "svc")]


def test_a_submitted_job_whose_config_is_missing_is_uncertainty(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="anyscale job submit -f deploy/ci_job.yaml --wait"),
        "tests/test_x.py": "def test_x():\n    assert True\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "unknown", result.summary
    assert "the Anyscale job configuration deploy/ci_job.yaml is not in the repository" in result.findings[0].message


def test_azure_macros_are_variables_not_command_substitutions(tmp_path: Path) -> None:
    """Azure Pipelines replaces `$(name)` before the script runs: the deploy command keeps its `--model`
    (it was cut at the first `$(`, and the registered version it deploys went unseen)."""
    from mlgate.facts.ci import ci_reached

    write_tree(tmp_path, {
        ".pipelines/cd.yml": (
            "trigger: none\n"
            "resources:\n  pipelines:\n    - pipeline: train\n      source: train-ci\n      trigger: true\n"
            "steps:\n"
            "  - script: |\n"
            "      az ml model deploy --name $(ACI_DEPLOYMENT_NAME) \\\n"
            "        --model '$(MODEL_NAME):$(get_model.MODEL_VERSION)' \\\n"
            "        --ic inference_config.yml --overwrite\n"),
    })
    (cmd,) = [r.command for _job, r in ci_reached(build_index(tmp_path)) if "model deploy" in r.command]
    assert "--model ${MODEL_NAME}:${get_model.MODEL_VERSION}" in cmd and "--ic inference_config.yml" in cmd


def test_a_script_called_by_many_jobs_is_reported_under_each_callers_chain(tmp_path: Path) -> None:
    """A script file followed once is replayed for the other steps and jobs that call it the same way: each
    job still lists its test runs, commands and unfollowed commands under its own chain, and a caller with
    another environment follows it again."""
    steps = "".join(f"      - run: ./ci/{s}\n" for s in ("check.sh", "check.sh"))
    workflow = ("on: [pull_request]\njobs:\n"
                f"  a:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
                f"  b:\n    runs-on: ubuntu-latest\n    env:\n      SUITE: api\n    steps:\n{steps}")
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": workflow,
        "ci/check.sh": "#!/bin/sh\necho start\npytest tests/${SUITE:-unit}\n./ci/lint.sh\n",
        "ci/lint.sh": "#!/bin/sh\nruff check .\nmake-tests-somehow\n",
        "tests/unit/test_x.py": "def test_x():\n    assert True\n",
    })
    a, b = ci_jobs(build_index(root, use_git=False))
    assert [t.chain_text() for t in a.tests] == [
        ".github/workflows/ci.yml:6 -> ci/check.sh:3 -> pytest tests/unit",
        ".github/workflows/ci.yml:7 -> ci/check.sh:3 -> pytest tests/unit"]
    assert [t.chain_text() for t in b.tests] == [
        ".github/workflows/ci.yml:13 -> ci/check.sh:3 -> pytest tests/api",
        ".github/workflows/ci.yml:14 -> ci/check.sh:3 -> pytest tests/api"]
    assert [r.chain_text() for r in a.commands][:5] == [
        ".github/workflows/ci.yml:6 -> ./ci/check.sh",
        ".github/workflows/ci.yml:6 -> ci/check.sh:2 -> echo start",
        ".github/workflows/ci.yml:6 -> ci/check.sh:3 -> pytest tests/unit",
        ".github/workflows/ci.yml:6 -> ci/check.sh:4 -> ./ci/lint.sh",
        ".github/workflows/ci.yml:6 -> ci/check.sh:4 -> ci/lint.sh:2 -> ruff check ."]
    assert len(a.commands) == len(b.commands) == 12
    assert [r.chain[0].line for r in b.commands] == [13] * 6 + [14] * 6
    assert [u.chain_text() for u in b.unfollowed] == [
        ".github/workflows/ci.yml:13 -> ci/check.sh:4 -> ci/lint.sh:3 -> make-tests-somehow",
        ".github/workflows/ci.yml:14 -> ci/check.sh:4 -> ci/lint.sh:3 -> make-tests-somehow"]


def test_a_job_keeps_its_first_commands_when_scripts_reach_too_many(tmp_path: Path) -> None:
    from mlgate.facts.ci import MAX_REACHED

    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="./a.sh && ./a.sh && ./a.sh"),
        "a.sh": "#!/bin/sh\n" + "".join(f"echo {i}\n" for i in range(200)),
    })
    (job,) = ci_jobs(build_index(root, use_git=False))
    each = ["./a.sh", *(f"echo {i}" for i in range(200))]
    assert [r.command for r in job.commands] == (each * 3)[:MAX_REACHED]


def test_shell_lines_are_split_as_shlex_splits_them() -> None:
    """The CI model's tokeniser reads a line as ``shlex`` (posix, whitespace-split, operators, comments)."""
    import shlex

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mlgate.facts.ci import _shell_tokens

    def shlex_tokens(line: str) -> list[str] | None:
        try:
            lex = shlex.shlex(line, posix=True, punctuation_chars=";&|()<>")
            lex.whitespace_split = True
            lex.commenters = "#"
            return list(lex)
        except ValueError:
            return None

    pieces = st.sampled_from([" ", "\t", "\r", "\n", "\x0b", "\xa0", "#", ";", "&", "|", "(", ")", "<", ">", "'",
                              '"', "\\", "$", "`", "a", "é", "=", "-", "echo ", "2>&1", '\\"', "\\\\", "''"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(pieces, max_size=30).map("".join))
    def same(line: str) -> None:
        assert _shell_tokens(line) == shlex_tokens(line)

    same()
    for line in ["echo \"a b\" 'c d'e # note", 'x="$(cat f)"; y=\\;z', "a\\", "'open", 'k="\\$HOME \\x"']:
        assert _shell_tokens(line) == shlex_tokens(line), line


def test_cd_into_the_checkout_by_its_variable_runs_that_folders_tests(tmp_path: Path) -> None:
    # recommenders' sarplus.yml: `cd "${PYTHON_ROOT}"` with PYTHON_ROOT set from `${{ github.workspace }}`
    # runs contrib/sarplus/python's own tests, not the library's tests/ at the root
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": (
            "on: [pull_request]\nenv:\n  PYTHON_ROOT: ${{ github.workspace }}/contrib/plugin/python\njobs:\n"
            "  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            "      - run: |\n          cd \"${PYTHON_ROOT}\"\n          pytest ./tests\n"
            "      - run: cd $GITHUB_WORKSPACE && pytest tests/test_io.py\n"),
        "contrib/plugin/python/tests/test_plugin.py": "def test_plugin():\n    assert True\n",
        "tests/test_features.py": "def test_scale():\n    assert True\n",
        "tests/test_io.py": "def test_read():\n    assert True\n",
    })
    index = build_index(root, use_git=False)
    runs = [(t.cwd, t.paths) for job in ci_jobs(index) for t in job.tests]
    assert runs == [("contrib/plugin/python", ("./tests",)), ("", ("tests/test_io.py",))]
    from mlgate.facts.pycode import ci_run_test_files

    assert ci_run_test_files(index)[0] == {"contrib/plugin/python/tests/test_plugin.py", "tests/test_io.py"}


def test_an_action_given_the_test_command_as_an_input_runs_the_tests(tmp_path: Path) -> None:
    # llm-foundry's CI: a shared composite action of another repository runs the command its input names, taken
    # from the job's matrix. "77 test files exist but no CI job runs them" was wrong
    workflow = (
        "on: [pull_request]\njobs:\n  pytest-cpu:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        include:\n        - name: cpu\n          pytest_command: \"coverage run -m pytest\"\n"
        "    steps:\n    - uses: acme/ci-testing/.github/actions/pytest-cpu@v0.3.5\n      with:\n"
        "        name: ${{ matrix.name }}\n        pytest_command: ${{ matrix.pytest_command }}\n")
    root = write_tree(tmp_path, {".github/workflows/pr.yaml": workflow,
                                 "tests/test_x.py": "def test_x():\n    assert True\n"})
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "pass", result.summary
    assert ".github/workflows/pr.yaml:14 -> coverage run -m pytest" in result.summary, result.summary


def test_a_github_script_is_javascript_not_a_test_run(tmp_path: Path) -> None:
    # lerobot's issue labeler: `script:` of actions/github-script is JavaScript; its /pytest/ regex runs nothing
    workflow = ("on: [pull_request]\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n"
                "    - uses: actions/github-script@v9\n      with:\n        script: |\n"
                "          if (/\\b(pytest|tests?)\\b/.test(title)) labels.add('tests');\n")
    root = write_tree(tmp_path, {".github/workflows/label.yml": workflow,
                                 "tests/test_x.py": "def test_x():\n    assert True\n"})
    assert [job.tests for job in ci_jobs(build_index(root, use_git=False))] == [()]


def test_a_session_named_by_the_matrix_is_followed(tmp_path: Path) -> None:
    """`nox -s ${{ matrix.kind }}-${{ matrix.python }}` (dvclive's CI): the matrix decides which session runs,
    and every session it names runs pytest; reading `$kind` as an unknown session said no CI runs the tests."""
    workflow = ("on: [pull_request]\njobs:\n  tests:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
                "        python: ['3.10', '3.12']\n        kind: [unit]\n        include:\n"
                "          - python: '3.12'\n            kind: full\n    steps:\n"
                "      - uses: actions/checkout@v4\n      - run: pip install nox\n"
                "      - run: nox -s ${{ matrix.kind }}-${{ matrix.python }} -- -x\n")
    root = write_tree(tmp_path, {
        ".github/workflows/tests.yml": workflow,
        "noxfile.py": "import nox\n\n\n@nox.session(python=['3.10', '3.12'])\ndef unit(session):\n"
                      "    session.install('.[test]')\n"
                      "    session.run('pytest', '--ignore=tests/slow', *session.posargs)\n\n\n"
                      "@nox.session(python=['3.12'])\ndef full(session):\n    session.install('.[all]')\n"
                      "    session.run('pytest', *session.posargs)\n",
        "tests/test_model.py": "def test_fit():\n    assert 1 + 1 == 2\n",
        "tests/slow/test_train.py": "def test_train():\n    assert [0] * 2 == [0, 0]\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "pass", result.summary
    assert result.findings == ()
    assert result.summary == ("tests run on every change: .github/workflows/tests.yml:15 -> noxfile.py:7 -> "
                              "pytest --ignore=tests/slow (and 1 more test run)")


def test_a_step_read_once_per_matrix_value_counts_its_test_run_once(tmp_path: Path) -> None:
    """A step that names a matrix key outside its test command (huggingface/peft's `make test` under a condition on
    the Python version) is read once per value and reaches the same run each time: "and 2 more test runs" counted
    the same `make test` again."""
    workflow = ("on: [pull_request]\njobs:\n  tests:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
                "        python: ['3.10', '3.11', '3.12']\n    steps:\n      - uses: actions/checkout@v4\n"
                "      - run: |\n          if [ \"${{ matrix.python }}\" = \"3.12\" ]; then pip install -U torch; fi\n"
                "          make test\n")
    root = write_tree(tmp_path, {
        ".github/workflows/tests.yml": workflow,
        "Makefile": "test:\n\tpython -m pytest -n 3 tests/\n",
        "tests/test_model.py": "def test_fit():\n    assert 1 + 1 == 2\n",
    })
    (job,) = ci_jobs(build_index(root, use_git=False))
    assert [t.chain_text() for t in job.tests] == [
        ".github/workflows/tests.yml:10 -> Makefile:2 -> python -m pytest -n 3 tests/"]
    result = run_rule(root, "feat-tests-in-ci")
    assert result.summary == ("tests run on every change: .github/workflows/tests.yml:10 -> Makefile:2 -> "
                              "python -m pytest -n 3 tests/"), result.summary


def test_pixi_tasks_are_followed(tmp_path: Path) -> None:
    """`pixi run -e py312 tests` runs the `tests` task of a pixi feature (imbalanced-learn's
    `[tool.pixi.feature.tests.tasks]`, kornia's pixi.toml `[tasks]`), not a program named `tests`."""
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="pixi run -e py312 tests -n 2"),
        "pyproject.toml": "[project]\nname = 'clf'\n\n[tool.pixi.workspace]\nchannels = ['conda-forge']\n"
                          "platforms = ['linux-64']\n\n[tool.pixi.feature.tests.tasks]\n"
                          "tests = { cmd = 'pytest --cov=clf clf' }\n",
        "clf/tests/test_fit.py": "def test_fit():\n    assert sorted([2, 1]) == [1, 2]\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "pass", result.summary
    assert result.summary.endswith("ci.yml:7 -> pyproject.toml:9 -> pytest --cov=clf clf")
    root = write_tree(tmp_path / "b", {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="pixi run check"),
        "pixi.toml": "[workspace]\nname = 'seg'\n\n[tasks]\nlint = 'ruff check .'\n"
                     "check = { depends-on = ['lint', { task = 'unit' }] }\n\n[tasks.unit]\n"
                     "cmd = ['python', '-m', 'pytest', 'tests']\n",
        "tests/test_mask.py": "def test_mask():\n    assert [1, 0][::-1] == [0, 1]\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "pass", result.summary
    assert result.summary.endswith("ci.yml:7 -> pixi.toml:8 -> python -m pytest tests")


def test_a_pdm_script_run_without_run_is_followed(tmp_path: Path) -> None:
    """`pdm test-fast` is `pdm run test-fast` (giskard's CI): pdm runs the script its first word names, here
    through another script; `pdm build` and `pdm install` stay pdm's own commands."""
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="pdm install && pdm build && pdm unit -n 2"),
        "pyproject.toml": "[project]\nname = 'scan'\n\n[project.optional-dependencies]\ntest = ['pytest']\n\n"
                          "[tool.pdm.scripts]\nbuild = 'echo never'\nbase.cmd = 'pytest --cov=scan'\n"
                          "unit.cmd = \"pdm base -m 'not slow' tests\"\n",
        "tests/test_scan.py": "def test_scan():\n    assert 'a'.upper() == 'A'\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "pass", result.summary
    assert result.summary.endswith("ci.yml:7 -> pyproject.toml:10 -> pyproject.toml:9 -> pytest --cov=scan")


def test_a_script_sourcing_a_file_beside_it_is_followed(tmp_path: Path) -> None:
    """`source "$(dirname "$0")/common.sh"` then a function of it (ignite's tests/run_cpu_tests.sh): the file
    is found beside the script, and so is one named from `HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)`."""
    common = "run_suite() {\n    local args=\"-q $1\"\n    eval \"python -m pytest ${args}\"\n}\n"
    root = write_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="bash ci/run_cpu.sh"),
        "ci/run_cpu.sh": "#!/bin/bash\nset -eu\nsource \"$(dirname \"$0\")/common.sh\"\nrun_suite tests/unit\n",
        "ci/common.sh": common,
        "tests/unit/test_loss.py": "def test_loss():\n    assert abs(0.1 + 0.2 - 0.3) < 1e-9\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.status.value == "pass", result.summary
    assert result.summary.startswith("tests run on every change: .github/workflows/ci.yml:7 -> ci/run_cpu.sh:3 -> "
                                     "ci/common.sh:3 -> python -m pytest")
    root = write_tree(tmp_path / "b", {
        ".github/workflows/ci.yml": WORKFLOW.format(cmd="./ci/run_cpu.sh"),
        "ci/run_cpu.sh": "#!/bin/bash\nHERE=$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\n"
                         ". \"${HERE}/common.sh\"\nrun_suite tests/unit\n",
        "ci/common.sh": common,
        "tests/unit/test_loss.py": "def test_loss():\n    assert abs(0.1 + 0.2 - 0.3) < 1e-9\n",
    })
    assert run_rule(root, "feat-tests-in-ci").status.value == "pass"
    wf = ("on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
          "      - run: bash run_cpu.sh\n        working-directory: ci\n")
    root = write_tree(tmp_path / "c", {
        ".github/workflows/ci.yml": wf,
        "ci/run_cpu.sh": "#!/bin/bash\ncd \"$(dirname \"$0\")\"\npython test_smoke.py\n",
        "ci/test_smoke.py": "def test_smoke():\n    assert True\n\n\nif __name__ == \"__main__\":\n    test_smoke()\n",
        "tests/test_smoke.py": "def test_import():\n    assert __name__\n",
    })
    result = run_rule(root, "feat-tests-in-ci")
    assert result.summary.endswith("ci.yml:7 -> ci/run_cpu.sh:3 -> python test_smoke.py"), result.summary
    assert result.findings == ()


def test_a_test_module_whose_docstring_spells_a_call_of_its_test_is_still_one(tmp_path: Path) -> None:
    """A module that calls its own test function among its statements is a script (BCEmbedding's ONNX benchmark);
    one whose docstring or string has a line that reads like such a call is a test module all the same."""
    from mlgate.facts.tests import test_files

    root = write_tree(tmp_path, {
        "tests/test_predict.py": '"""Run one case by hand:\n\ntest_predict(load_model())\n"""\n\n\n'
                                 "def test_predict(model=None):\n    assert model is None\n",
        "tests/test_usage.py": "USAGE = '''\ntest_usage()\n'''\n\n\ndef test_usage():\n    assert USAGE\n",
        "bench/test_onnx_speed.py": "import onnxruntime\n\n\ndef test_onnx(path):\n"
                                    "    return onnxruntime.InferenceSession(path)\n\n\n"
                                    "session = test_onnx('model.onnx')\n",
    })
    assert test_files(build_index(root, use_git=False)) == ["tests/test_predict.py", "tests/test_usage.py"]
