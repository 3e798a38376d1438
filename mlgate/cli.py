"""Argument parsing and the subcommands; nothing else.

Exit codes: 0 the gate passed, 1 the gate failed, 2 a usage, configuration or input error.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from mlgate import DOCS_RULES_URL, PROJECT_URL, __version__

if TYPE_CHECKING:
    from mlgate.model import Report

EXIT_OK, EXIT_GATE, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A user's mistake: one line, exit 2."""


def _columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil (and bz2, lzma and zlib with it: ~3 ms of
    every command's start-up, for argparse's formatter, which asks on every argument added)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80  # shutil's fallback


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, as wide as the terminal (less 2) as argparse makes it."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width,
                         **kwargs)


class _RawFormatter(argparse.RawDescriptionHelpFormatter, _Formatter):
    pass


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

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


CHECK_DESCRIPTION = """\
Analyse the repository at PATH (default: the current directory): score it on the ML Test Score
(Breck et al. 2017), report what to fix, and apply the gate. mlgate reads files only; it never
imports, runs or installs the repository's code."""

CHECK_EPILOG = f"""\
exit codes:
  0  the gate passed
  1  the gate failed (a finding at or above --fail-on, or the score below --fail-under)
  2  a usage, configuration or input error (a mistyped path, an unknown rule id, a bad .mlgate.yaml)

configuration:
  .mlgate.yaml (or [tool.mlgate] in pyproject.toml), looked for from PATH up to the repository
  root; --config names another file. The report names the file it used.

environment variables:
  NO_COLOR     when set and not empty: no colour (--color always still colours)
  FORCE_COLOR  when set and not empty: colour even when standard output is not a terminal
  TERM=dumb    no colour

docs: {PROJECT_URL}#readme  rules: {DOCS_RULES_URL}"""


def _fail_under(value: str) -> float:
    from mlgate.config import check_fail_under

    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number (the ML Test Score is 0 to 7)") from None
    problem = check_fail_under(number)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return number


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``command``, that command's parser only, as ``main`` builds it when the
    command comes first: the top-level help that lists every command is not printed then, and the seven other
    parsers (~3 ms of every run's start-up) are not built."""
    parser = _Parser(prog="mlgate", description="ML production readiness: the ML Test Score as a gate.",
                     epilog=f"`mlgate COMMAND --help` describes a command. Docs: {PROJECT_URL}#readme")
    parser.add_argument("--version", "-V", action="version", version=f"mlgate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    if command in (None, "check"):
        check = sub.add_parser("check", help="analyse a repository and apply the gate",
                               description=CHECK_DESCRIPTION, epilog=CHECK_EPILOG,
                               formatter_class=_RawFormatter)
        check.add_argument("path", nargs="?", default=".", help="repository or folder to analyse (default: .)")
        check.add_argument("--format", choices=("text", "json", "sarif", "markdown"), default="text")
        check.add_argument("--output", "-o", help="write the report to this file instead of standard output")
        check.add_argument("--select", type=_ids, default=(), help="only these rule ids or areas (comma-separated)")
        check.add_argument("--ignore", type=_ids, default=(), help="skip these rule ids or areas (comma-separated)")
        check.add_argument("--config", help="configuration file (default: .mlgate.yaml or [tool.mlgate], "
                           "looked for up to the repository root)")
        check.add_argument("--base", help="git ref to compare with: report new and fixed findings")
        check.add_argument("--fail-under", type=_fail_under, metavar="SCORE",
                           help="fail when the ML Test Score (0 to 7) is below this")
        check.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                           help="fail on findings at or above this severity (default: error)")
        check.add_argument("--fail-confidence", type=_fail_confidence, metavar="{high,medium,low}",
                           help="only findings at or above this confidence fail the gate (default: high)")
        check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                           help="colour the text report (default: auto, when standard output is a terminal)")
        check.add_argument("--summary", action="store_true", help=argparse.SUPPRESS)  # the gate hook's short text
        check.add_argument("--quiet", "-q", action="store_true",
                           help="print only the verdict: one line (text), the score and the gate (json); with "
                           "--output, print nothing")

    if command in (None, "inventory"):
        inventory = sub.add_parser("inventory", help="what mlgate takes the repository to be: its kind and ML "
                                   "components, each with where and why")
        inventory.add_argument("path", nargs="?", default=".", help="repository to describe (default: .)")
        inventory.add_argument("--format", choices=("text", "json"), default="text")
        inventory.add_argument("--config", help="configuration file (default: .mlgate.yaml or [tool.mlgate])")

    if command in (None, "rules"):
        rules = sub.add_parser("rules", help="list the rule catalogue")
        rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    if command in (None, "explain"):
        explain = sub.add_parser("explain", help="explain a rule: why, what passes, what fails, how to fix",
                                 description="Explain a rule: why it matters, what passes and fails, how to fix "
                                 "it, how to silence it and which hook runs it. A prefix or an area (`data-hf`, "
                                 "`repro`) lists the rules it names, as --select reads it.")
        explain.add_argument("rule_id", metavar="RULE_ID", help="a rule id, an id prefix or an area")

    if command in (None, "stamp"):
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

    if command in (None, "action"):
        sub.add_parser("action", help="the GitHub Action entrypoint: inputs come from INPUT_* and the event",
                       description="Run inside GitHub Actions (see action.yml); reads INPUT_* variables and "
                                   "the event, posts the PR comment, review comments, status and check run.")

    if command in (None, "init"):
        init = sub.add_parser("init", help="write .mlgate.yaml, the workflow and the pre-commit hooks")
        init.add_argument("path", nargs="?", default=".", help="repository (default: .)")
        init.add_argument("--git-hooks", action="store_true",
                          help="install the plain git hooks (pre-commit, pre-push) into .git/hooks instead")
        init.add_argument("--force", action="store_true",
                          help="with --git-hooks: replace different existing hooks")

    if command in (None, "fix"):
        fix = sub.add_parser("fix", help="apply the mechanical fixes (as `ruff --fix`): pins, canary, dependabot, "
                             "owners")
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
            import difflib

            close = difflib.get_close_matches(rid, known, n=1)
            raise UsageError(f"{flag}: unknown rule id or area '{rid}'"
                             + (f"; did you mean {close[0]}?" if close else "; see `mlgate rules`"))


def cmd_check(args: argparse.Namespace) -> int:
    from mlgate.analysis import analyse
    from mlgate.config import load_config
    from mlgate.engine import Selection
    from mlgate.git import GitError
    from mlgate.render import write

    root = Path(args.path)
    if not root.exists():
        raise UsageError(f"{args.path}: no such directory")
    if not root.is_dir():
        raise UsageError(f"{args.path}: not a directory (mlgate check analyses a repository or a folder)")
    if args.quiet and args.format in ("sarif", "markdown") and not args.output:
        raise UsageError(f"--quiet prints the verdict of the text or json format; with --format {args.format}, "
                         "write the report with --output FILE")
    _check_ids(args.select, "--select")
    _check_ids(args.ignore, "--ignore")
    config = load_config(root, args.config)
    for warning in config.warnings:
        print(f"mlgate: warning: {warning}", file=sys.stderr)
    try:
        report = analyse(str(root), config, selection=Selection(args.select, args.ignore), base=args.base,
                         fail_on=args.fail_on, fail_under=args.fail_under, fail_confidence=args.fail_confidence)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    for warning in report.warnings:
        print(f"mlgate: warning: {warning}", file=sys.stderr)
    if report.file_count == 0:  # no gate can be taken on nothing: an empty checkout must not pass
        raise UsageError(f"{args.path}: nothing to analyse: no file here (an empty folder, files git does not "
                         "track yet, or every file ignored by .gitignore or excluded by paths.exclude)")
    code = EXIT_OK if report.gate.passed else EXIT_GATE
    verdict = "passed" if report.gate.passed else "failed: " + "; ".join(report.gate.reasons)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                write(report, args.format, fh.write, base=shown_base(args.path))
        except OSError as exc:
            raise UsageError(f"{args.output}: cannot write ({exc.strerror})") from exc
        if args.quiet:
            return code
        text = f"mlgate: ML Test Score {report.score.score:g}; gate {verdict.split(':')[0]}; " \
               f"report written to {args.output}\n"
    elif args.quiet and args.format == "text":
        text = f"mlgate: ML Test Score {report.score.score:g}; gate {verdict}\n"
    elif args.quiet and args.format == "json":
        text = _quiet_json(report)
    elif args.summary and args.format == "text":
        from mlgate.render.text import summary

        text = summary(report, base=shown_base(args.path), fail_on=args.fail_on or config.fail_on)
    else:
        color = args.format == "text" and use_color(args.color, sys.stdout, os.environ)
        return _write(lambda out: write(report, args.format, out, color=color, base=shown_base(args.path)), code)
    return _write(text, code)


def shown_base(path: str) -> str:
    """The analysed folder as a prefix for the paths of the text report: relative to the current directory
    when it is inside it (`examples/churn-model/`), otherwise absolute, as ruff prints paths."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive
        rel = os.path.abspath(path)
    if rel.startswith(".." + os.sep) or rel == "..":
        rel = os.path.abspath(path)
    rel = rel.replace(os.sep, "/")
    return "" if rel == "." else rel.rstrip("/") + "/"


def _write(text: str | Callable[[Callable[[str], object]], None], code: int) -> int:
    """Print ``text`` (or what it writes, given stdout's write) and return ``code``; a reader that stops
    early (`mlgate check | head`) does not turn a failed gate into success: the exit code is the command's,
    not the pipe's."""
    try:
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            text(sys.stdout.write)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    return code


def _silence_stdout() -> None:
    # Python flushes stdout again at exit: point it at /dev/null so that flush does not fail a second time
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def use_color(choice: str, stream: IO[str], env: Mapping[str, str]) -> bool:
    """`--color always|never` decide; with `auto` (the default), in the order CPython 3.13 reads them:
    NO_COLOR set and not empty turns colour off, FORCE_COLOR set and not empty turns it on, TERM=dumb turns
    it off, and otherwise colour is used only on a terminal (no-color.org, force-color.org)."""
    if choice != "auto":
        return choice == "always"
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _quiet_json(report: Report) -> str:
    """`-q --format json`: the score and the gate, the same keys as the full report (one line)."""
    import json

    from mlgate.render.json import SCHEMA_VERSION

    return json.dumps({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "mlgate", "version": report.tool_version},
        "config": report.config_path,
        "ml_test_score": {"score": report.score.score, "band": report.score.band,
                          "sections": dict(report.score.sections)},
        "gate": {"passed": report.gate.passed, "reasons": list(report.gate.reasons)},
    }, ensure_ascii=False) + "\n"


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
    return _write(out, EXIT_OK)


def cmd_explain(args: argparse.Namespace) -> int:
    import shutil

    from mlgate.catalog import load_catalog, names_rule
    from mlgate.render.catalog import explain_text, rules_text

    catalog = load_catalog()
    width = min(max(shutil.get_terminal_size().columns, 60), 100)
    meta = catalog.get(args.rule_id)
    if meta is not None:
        from mlgate.fixes import explain

        return _write(explain_text(meta, width=width) + explain(meta.id), EXIT_OK)
    named = [m for m in catalog.values() if names_rule(args.rule_id, m.id)]
    if len(named) == 1:
        return _write(explain_text(named[0], width=width), EXIT_OK)
    if named:  # an area or a prefix, as --select reads it: the rules it names
        return _write(f"{args.rule_id}: {len(named)} rules (`mlgate explain RULE_ID` explains one)\n\n"
                      + rules_text(named), EXIT_OK)
    import difflib

    close = difflib.get_close_matches(args.rule_id, list(catalog), n=1)
    raise UsageError(f"unknown rule id '{args.rule_id}'" + (f"; did you mean {close[0]}?" if close else
                                                             "; see `mlgate rules`"))


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


ACTION_EXTRA_MISSING = ("`mlgate action` needs the GitHub client, which `pip install mlgate` leaves out: "
                        "install it with `pip install 'mlgate[action]'`")


def cmd_action(args: argparse.Namespace) -> int:
    try:  # PyGithub is imported only here, never by `mlgate check` (it is the `action` extra)
        import github  # noqa: F401
    except ImportError as exc:
        raise UsageError(ACTION_EXTRA_MISSING) from exc
    from mlgate.github.action import run
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
    """Run one command. Without ``argv`` (a console script or `python -m mlgate`: the process ends when this
    returns), Python's cyclic collector is paused for the whole command and what it made is frozen at the
    end, as the hooks do (mlgate.hooks._paused): the collections while the modules are imported and the
    interpreter's last collection at exit, which traversed every object left (the rule modules, the catalogue,
    the report), were 10-15% of the CPU time of a check of a small repository. Reference counting still
    frees everything that is not in a cycle. A caller that passes ``argv`` gets its collector as it left it
    (mlgate.analysis pauses it for the analysis itself)."""
    if argv is not None or not gc.isenabled():
        return _main(argv)
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.freeze()
        gc.enable()  # the last collection at exit now sees only what is made after this


def run() -> NoReturn:
    """The `mlgate` console script and `python -m mlgate`: run the command, then end the process (``exit_now``)."""
    code = main()
    exit_now(code)
    sys.exit(code)


def exit_now(code: int) -> None:
    """End the process with ``code`` now, without the interpreter's finalization: tearing down every module
    (mlgate's ~50, the standard library's, their objects) was ~11M instructions of every check, 4% of a small
    repository's. What that finalization does for the user is done first: the atexit handlers run (the records'
    and regular expressions' caches are written there) and standard output and error are flushed. Returns, for
    the usual exit, when anything else could still be waiting for it: another thread, GitPython (its cat-file
    processes are ended by its objects' finalizers), or an output that cannot be flushed (a closed pipe: the
    usual exit reports it as before)."""
    threading = sys.modules.get("threading")
    if "git" in sys.modules or (threading is not None and threading.active_count() > 1):
        return
    import atexit

    atexit._run_exitfuncs()  # each handler once: they are not run again at an exit after this
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # no stream (None), a closed one, a closed pipe
        return
    os._exit(code)


def _main(argv: Sequence[str] | None) -> int:
    from mlgate.config import ConfigError

    args_given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_given[0] if args_given and args_given[0] in COMMANDS else None)
    try:
        args = parser.parse_args(argv)
        if not args.command:
            # as ruff does: no command is a usage error (exit 2, so `mlgate $EMPTY` in a script fails),
            # with the whole help on standard error
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return COMMANDS[args.command](args)
    except (UsageError, ConfigError) as exc:
        from mlgate.render.escape import log_lines, one_line

        # one line, whatever the message quotes (a configuration key with a line break in it must not
        # start a line of its own: in GitHub Actions that line could be a workflow command)
        print(log_lines(one_line(f"mlgate: error: {exc}")), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mlgate: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # help or a message to a reader that stopped early
        _silence_stdout()
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    run()
