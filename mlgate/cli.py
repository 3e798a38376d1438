"""Argument parsing and the subcommands; nothing else.

Exit codes: 0 the gate passed, 1 the gate failed, 2 a usage, configuration or input error.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from mlgate import __version__

EXIT_OK, EXIT_GATE, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A user's mistake: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _ids(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _fail_confidence(value: str) -> str:
    from mlgate.config import fail_confidence

    try:
        return fail_confidence(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mlgate", description="ML production readiness: the ML Test Score as a gate.")
    parser.add_argument("--version", action="version", version=f"mlgate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="analyse a repository and apply the gate")
    check.add_argument("path", nargs="?", default=".", help="repository to analyse (default: .)")
    check.add_argument("--format", choices=("text", "json", "sarif", "markdown"), default="text")
    check.add_argument("--output", "-o", help="write the report to this file instead of standard output")
    check.add_argument("--select", type=_ids, default=(), help="only these rule ids or areas (comma-separated)")
    check.add_argument("--ignore", type=_ids, default=(), help="skip these rule ids or areas (comma-separated)")
    check.add_argument("--config", help="configuration file (default: .mlgate.yaml or [tool.mlgate])")
    check.add_argument("--base", help="git ref to compare with: report new and fixed findings")
    check.add_argument("--fail-under", type=float, help="fail when the ML Test Score is below this")
    check.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                       help="fail on findings at or above this severity (default: error)")
    check.add_argument("--fail-confidence", type=_fail_confidence, metavar="{high,medium,low}",
                       help="only findings at or above this confidence fail the gate (default: high)")
    check.add_argument("--quiet", "-q", action="store_true", help="print only the verdict (text format)")

    inventory = sub.add_parser("inventory", help="what mlgate takes the repository to be: its kind and ML "
                               "components, each with where and why")
    inventory.add_argument("path", nargs="?", default=".", help="repository to describe (default: .)")
    inventory.add_argument("--format", choices=("text", "json"), default="text")
    inventory.add_argument("--config", help="configuration file (default: .mlgate.yaml or [tool.mlgate])")

    rules = sub.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    explain = sub.add_parser("explain", help="explain one rule: why, what passes, what fails, how to fix")
    explain.add_argument("rule_id")

    stamp = sub.add_parser("stamp", help="write the provenance sidecar of a model or dataset artifact")
    stamp.add_argument("artifact", help="the model or dataset file (or folder) to describe")
    stamp.add_argument("--data", action="append", default=[], metavar="PATH|URI",
                       help="an input it was made from (repeatable): a path, "
                       "hf://datasets/org/name@<sha>, uri@version")
    stamp.add_argument("--metric", action="append", default=[], metavar="K=V", help="a metric (repeatable)")
    stamp.add_argument("--param", action="append", default=[], metavar="K=V", help="a parameter (repeatable)")
    stamp.add_argument("--name", help="model or dataset name (default: the file name)")
    stamp.add_argument("--version", dest="artifact_version", metavar="VERSION",
                       help="its version (default: the first 12 hex digits of its sha256)")
    stamp.add_argument("--kind", choices=("model", "dataset"), help="default: by file type")
    stamp.add_argument("--entrypoint", help="the command that made it, e.g. 'python src/train.py'")
    sub.add_parser("action", help="the GitHub Action entrypoint: inputs come from INPUT_* and the event",
                   description="Run inside GitHub Actions (see action.yml); reads INPUT_* variables and "
                               "the event, posts the PR comment, review comments, status and check run.")
    init = sub.add_parser("init", help="write .mlgate.yaml, the workflow and the pre-commit hooks")
    init.add_argument("path", nargs="?", default=".", help="repository (default: .)")
    init.add_argument("--git-hooks", action="store_true",
                      help="install the plain git hooks (pre-commit, pre-push) into .git/hooks instead")
    init.add_argument("--force", action="store_true",
                      help="with --git-hooks: replace different existing hooks")
    fix = sub.add_parser("fix", help="apply the mechanical fixes (as `ruff --fix`): pins, canary, dependabot, owners")
    fix.add_argument("path", nargs="?", default=".", help="repository to fix (default: .)")
    fix.add_argument("--select", type=_ids, default=(), help="only these rule ids or areas (comma-separated)")
    fix.add_argument("--ignore", type=_ids, default=(), help="skip these rule ids or areas (comma-separated)")
    fix.add_argument("--config", help="configuration file (default: .mlgate.yaml or [tool.mlgate])")
    fix.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; change nothing")
    fix.add_argument("--from-env", action="store_true",
                     help="repro-deps-pinned: without a lock file, pin to the versions installed here")
    fix.add_argument("--owner", metavar="@org/team", help="spec-codeowners: the owner to write into CODEOWNERS")
    return parser


def _check_ids(ids: tuple[str, ...], flag: str) -> None:
    from mlgate.catalog import AREAS, load_catalog, names_rule

    known = [*load_catalog(), *AREAS]
    for rid in ids:
        if not any(names_rule(rid, k) for k in known):
            close = difflib.get_close_matches(rid, known, n=1)
            raise UsageError(f"{flag}: unknown rule id or area '{rid}'"
                             + (f"; did you mean {close[0]}?" if close else "; see `mlgate rules`"))


def cmd_check(args: argparse.Namespace) -> int:
    from mlgate.analysis import analyse
    from mlgate.config import load_config
    from mlgate.engine import Selection
    from mlgate.git import GitError
    from mlgate.render import render

    root = Path(args.path)
    if not root.is_dir():
        raise UsageError(f"{args.path}: not a directory")
    _check_ids(args.select, "--select")
    _check_ids(args.ignore, "--ignore")
    config = load_config(root, args.config)
    try:
        report = analyse(str(root), config, selection=Selection(args.select, args.ignore), base=args.base,
                         fail_on=args.fail_on, fail_under=args.fail_under, fail_confidence=args.fail_confidence)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    color = (args.format == "text" and not args.output and sys.stdout.isatty()
             and "NO_COLOR" not in os.environ)
    if args.quiet and args.format == "text":
        verdict = "passed" if report.gate.passed else "failed: " + "; ".join(report.gate.reasons)
        text = f"mlgate: ML Test Score {report.score.score:g}; gate {verdict}\n"
    else:
        text = render(report, args.format, color=color)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.output}: cannot write ({exc.strerror})") from exc
        verdict = "passed" if report.gate.passed else "failed"
        print(f"mlgate: ML Test Score {report.score.score:g}; gate {verdict}; report written to {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK if report.gate.passed else EXIT_GATE


def cmd_inventory(args: argparse.Namespace) -> int:
    import json

    from mlgate.config import load_config
    from mlgate.inventory import repository_model, to_json, to_text
    from mlgate.patterns import PathSet
    from mlgate.repo import build_index

    root = Path(args.path)
    if not root.is_dir():
        raise UsageError(f"{args.path}: not a directory")
    config = load_config(root, args.config)
    model = repository_model(build_index(str(root), exclude=PathSet(config.exclude)), config)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(model), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(to_text(model))
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from mlgate.render import catalog

    out = {"json": catalog.rules_json, "markdown": catalog.rules_markdown}.get(args.format, catalog.rules_text)()
    sys.stdout.write(out)
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from mlgate.catalog import load_catalog
    from mlgate.render.catalog import explain_text

    catalog = load_catalog()
    meta = catalog.get(args.rule_id)
    if meta is None:
        close = difflib.get_close_matches(args.rule_id, list(catalog), n=1)
        raise UsageError(f"unknown rule id '{args.rule_id}'" + (f"; did you mean {close[0]}?" if close else
                                                                 "; see `mlgate rules`"))
    from mlgate.fixes import explain

    sys.stdout.write(explain_text(meta) + explain(meta.id))
    return EXIT_OK


def cmd_stamp(args: argparse.Namespace) -> int:
    from mlgate.stamp import StampError, stamp

    try:
        done = stamp(args.artifact, data=args.data, metrics=args.metric, params=args.param, name=args.name,
                     version=args.artifact_version, kind=args.kind, entrypoint=args.entrypoint)
    except StampError as exc:
        raise UsageError(str(exc)) from exc
    code = done.document["code"]
    shown = os.path.relpath(done.sidecar)
    shown = str(done.sidecar) if shown.startswith("..") else shown
    dirty = ", dirty tree" if code["dirty"] else ""
    print(f"mlgate: wrote {shown} (sha256 {done.document['artifact']['sha256'][:12]}, commit "
          f"{code['commit'][:12]}{dirty}, {len(done.document['data'])} inputs)")
    return EXIT_OK


def cmd_action(args: argparse.Namespace) -> int:
    from mlgate.github.action import run  # PyGithub is imported only here, never by `mlgate check`
    from mlgate.github.env import InputError

    try:
        return run(os.environ, sys.stdout, sys.stderr)
    except InputError as exc:
        raise UsageError(str(exc)) from exc


def cmd_init(args: argparse.Namespace) -> int:
    from mlgate.init import InitError, run_init

    try:
        return run_init(Path(args.path), git_hooks=args.git_hooks, force=args.force)
    except InitError as exc:
        raise UsageError(str(exc)) from exc


def cmd_fix(args: argparse.Namespace) -> int:
    from mlgate.fixes import run_fix

    _check_ids(args.select, "--select")
    _check_ids(args.ignore, "--ignore")
    try:
        return run_fix(args)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


COMMANDS = {"check": cmd_check, "inventory": cmd_inventory, "rules": cmd_rules, "explain": cmd_explain,
            "init": cmd_init, "stamp": cmd_stamp, "action": cmd_action, "fix": cmd_fix}


def main(argv: Sequence[str] | None = None) -> int:
    from mlgate.config import ConfigError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return EXIT_USAGE
        return COMMANDS[args.command](args)
    except (UsageError, ConfigError) as exc:
        print(f"mlgate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mlgate: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
