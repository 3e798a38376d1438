"""Mechanical fixes: one model of a fix, shared by `mlgate fix`, review-comment suggestions and
`mlgate explain`.

A fixer turns one finding into a :class:`Fix` (edits to make, each a range of lines and its new text)
or a :class:`Manual` (why mlgate cannot make it, and what to run). A fix is made only when its value
is known without a network connection: a commit in the repository or the local Hugging Face cache,
a version in the repository's own lock file (or, with ``from_env``, installed here), an owner the
user named. The edits keep every other byte of the file: Python and requirement files are edited
by line and column, YAML at the place the round-trip loader reports, new files are written whole.

`mlgate check` and the action call :func:`with_suggestions` with repository-only sources, so a
review comment's ``suggestion`` block is the very line `mlgate fix` would write.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from mlgate import lazyre
from mlgate.config import Config
from mlgate.model import ReportedFinding
from mlgate.patterns import is_dockerfile
from mlgate.records import dataclass
from mlgate.repo import RepoIndex, split_lines

SHA40 = lazyre.compile(r"^[0-9a-f]{40}$")


# ============================================================================ the model of a fix
@dataclass(frozen=True)
class Edit:
    """Replace lines ``start``..``end`` (1-based, inclusive) of ``path`` with ``text``.

    ``end == start - 1`` inserts ``text`` before line ``start`` (``start`` may be one past the last
    line: an append). ``create``: ``path`` does not exist and ``text`` is its whole content."""

    path: str
    start: int
    end: int
    text: str
    create: bool = False


@dataclass(frozen=True)
class Fix:
    rule_id: str
    fingerprint: str
    what: str  # one line: what the fix does
    edits: tuple[Edit, ...]

    def suggestion(self, line: int | None, original: str | None, lines: list[str] | None = None) -> str | None:
        """The new text of ``line`` as a GitHub suggestion block replaces it: only for one edit in an
        existing file that replaces that line, or inserts right after it. ``lines``: ``original`` already
        split (a file with thousands of findings is split once, not once per finding)."""
        if line is None or original is None or len(self.edits) != 1:
            return None
        e = self.edits[0]
        lines = split_lines(original) if lines is None else lines
        if e.create or line > len(lines):
            return None
        if e.start == line and e.end == line:
            return e.text
        if e.start == line + 1 and e.end == line:  # an insertion after the commented line
            return lines[line - 1] + "\n" + e.text
        return None


@dataclass(frozen=True)
class Manual:
    """A finding mlgate will not fix by itself: why, and what to run (or None)."""

    rule_id: str
    fingerprint: str
    where: str
    why: str
    command: str | None = None


@dataclass(frozen=True)
class Sources:
    """Where a fix may take its values from, besides the repository itself."""

    hf_cache: bool = False  # the local Hugging Face cache
    from_env: bool = False  # versions installed in the running environment
    owner: str | None = None  # the CODEOWNERS owner the user named
    stamp: bool = False  # run `mlgate stamp` for artifacts whose inputs are known
    verify: bool = False  # re-read each edited file as the fix would leave it (not needed for suggestions)
    prefix: str = ""  # the analysed folder below the git top level: GitHub reads .github/ only at the top


@dataclass
class _Ctx:
    index: RepoIndex
    config: Config
    sources: Sources
    cache: dict[str, Any] = field(default_factory=dict)
    # for a review comment's suggestion only (``with_suggestions``): a fixer may answer None rather than
    # work out the Manual it would give a person
    suggesting: bool = False

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def lines(self, path: str, text: str) -> list[str]:
        """``split_lines(text)`` of ``path``, split once per text (never mutate the list)."""
        held = self.cache.get(f"lines:{path}")
        if held is None or held[0] is not text:
            held = self.cache[f"lines:{path}"] = (text, split_lines(text))
        return held[1]


Result = Fix | Manual | None
Fixer = Callable[[_Ctx, ReportedFinding], Result]


@dataclass(frozen=True)
class FixerInfo:
    fn: Fixer
    describe: str  # for `mlgate explain`
    suggests: bool  # its fixes can edit the finding's own line: a review comment's suggestion block


FIXERS: dict[str, FixerInfo] = {}


def _fixer(rule_id: str, describe: str, suggests: bool = False) -> Callable[[Fixer], Fixer]:
    def register(fn: Fixer) -> Fixer:
        FIXERS[rule_id] = FixerInfo(fn, describe, suggests)
        return fn

    return register


def explain(rule_id: str) -> str:
    """The `mlgate explain` paragraph on what `mlgate fix` does for a rule."""
    info = FIXERS.get(rule_id)
    if info is None:
        return "Automatic fix:\n  none: `mlgate fix` lists these findings for a person to fix.\n"
    return f"Automatic fix (`mlgate fix`):\n  {info.describe}\n"


def compute(index: RepoIndex, config: Config, findings: Iterable[ReportedFinding],
            sources: Sources) -> list[Fix | Manual]:
    ctx = _Ctx(index, config, sources)
    out: list[Fix | Manual] = []
    seen: set[tuple[Edit, ...]] = set()
    for f in findings:
        info = FIXERS.get(f.rule_id)
        if info is None or f.suppressed is not None:
            continue
        try:
            result = info.fn(ctx, f)
        except Exception as exc:  # one fixer's bug: the finding is listed for a person, the others go on
            result = Manual(f.rule_id, f.fingerprint, f.location(), f"mlgate could not compute the fix "
                            f"({type(exc).__name__})")
        if isinstance(result, Fix):
            if result.edits in seen:
                continue  # one file fixes several findings (a dependabot.yml, a CODEOWNERS block)
            seen.add(result.edits)
        if result is not None:
            out.append(result)
    return out


def with_suggestions(index: RepoIndex, config: Config, findings: list[ReportedFinding]) -> list[ReportedFinding]:
    """The findings, those of a rule with a fixer carrying the suggestion its fix makes (or none):
    from the repository alone, as the action sees it."""
    out = []
    ctx = _Ctx(index, config, Sources(), suggesting=True)
    for f in findings:
        info = FIXERS.get(f.rule_id)
        if info is None:
            out.append(f)
            continue
        result = None
        if info.suggests and f.line is not None and f.cell is None:
            try:
                result = info.fn(ctx, f)
            except Exception:  # a suggestion is an extra: never a reason for the analysis to fail
                result = None
        original = index.text(f.path) if isinstance(result, Fix) else None
        text = result.suggestion(f.line, original, ctx.lines(f.path, original) if original is not None else None) \
            if isinstance(result, Fix) else None
        out.append(f if f.suggestion == text else replace(f, suggestion=text))
    return out


# ============================================================================ applying edits
class FixConflict(Exception):
    pass


def apply_edits(original: str | None, edits: Sequence[Edit]) -> str:
    """The new content of one file. Raises FixConflict when two edits overlap."""
    if any(e.create for e in edits):
        if original is not None or len(edits) != 1:
            raise FixConflict("the file exists")
        return edits[0].text
    assert original is not None
    newline = "\r\n" if "\r\n" in original else "\n"
    lines = original.split("\n")
    ends_nl = original.endswith("\n")
    if ends_nl:
        lines.pop()
    last = len(lines) + 1
    appended = False
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if e.start < 1 or e.start > last or e.end < e.start - 1 or e.end >= last:
            raise FixConflict(f"edit at line {e.start} is outside the file")
        appended = appended or e.start == len(lines) + 1
        last = e.start
        new = [ln + ("\r" if newline == "\r\n" else "") for ln in split_lines(e.text)]
        lines[e.start - 1:e.end] = new
    text = "\n".join(lines)
    return text + "\n" if ends_nl or (appended and text) else text


def unified_diff(path: str, old: str | None, new: str) -> str:
    import difflib  # `mlgate fix --diff` only; a check imports this module for its suggestions

    return "".join(difflib.unified_diff(
        (old or "").splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile="/dev/null" if old is None else f"a/{path}", tofile=f"b/{path}"))


def plan(root: Path, index: RepoIndex, fixes: Sequence[Fix]) -> tuple[dict[str, tuple[str | None, str]], list[Fix],
                                                                        list[tuple[Fix, str]]]:
    """path -> (old text, new text), the fixes that apply and those that do not (with why)."""
    by_path: dict[str, list[Edit]] = {}
    applied: list[Fix] = []
    refused: list[tuple[Fix, str]] = []
    out: dict[str, tuple[str | None, str]] = {}
    for fx in fixes:
        trial = dict(by_path)
        why = None
        for e in fx.edits:
            why = why or _unsafe(root, e)
            trial[e.path] = [*trial.get(e.path, []), e]
        if why is None:
            try:
                for p in {e.path for e in fx.edits}:
                    apply_edits(_read(root, p), trial[p])
            except FixConflict as exc:
                why = f"it overlaps another fix ({exc})"
        if why is not None:
            refused.append((fx, why))
            continue
        by_path = trial
        applied.append(fx)
    for p, edits in sorted(by_path.items()):
        old = _read(root, p)
        new = apply_edits(old, edits)
        if new != old:
            out[p] = (old, new)
    return out, applied, refused


def _read(root: Path, path: str) -> str | None:
    target = root / path
    if not target.is_file():
        return None
    with open(target, encoding="utf-8", newline="") as fh:
        return fh.read()


def _unsafe(root: Path, e: Edit) -> str | None:
    """Why writing this edit would be unsafe: outside the repository, through a symlink, not text."""
    parts = PurePosixPath(e.path).parts
    if not parts or ".." in parts or parts[0] == "/" or parts[0] == ".git":
        return f"{e.path} is not a path inside the repository"
    here = root
    for part in parts:
        here = here / part
        if here.is_symlink():
            return f"{e.path} goes through a symbolic link"
    if e.create and here.exists():
        return f"{e.path} already exists"
    if not e.create:
        try:
            _read(root, e.path)
        except (OSError, UnicodeDecodeError):
            return f"{e.path} is not a readable UTF-8 text file"
    return None


def write(root: Path, changes: dict[str, tuple[str | None, str]]) -> None:
    for path, (_old, new) in changes.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as fh:
            fh.write(new)


def _text(ctx: _Ctx, path: str) -> str | None:
    return ctx.index.text(path)


# ============================================================================ data-hf-revision
_HF_NO_REV = lazyre.compile(r'^(?P<call>[\w.]+)\("(?P<id>[^"]+)"\) downloads from the Hugging Face Hub '
                            r'without a revision')
_HF_BRANCH = lazyre.compile(r'^(?P<call>[\w.]+)\("(?P<id>[^"]+)"\) downloads revision `(?P<ref>[\w.-]+)`, ')
_KNOWN_SHA = lazyre.compile(r'revision="([0-9a-f]{40})"')


def hf_cache_dir() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "huggingface" / "hub"


def hf_cached_commit(repo_id: str, kind: str, ref: str = "main") -> str | None:
    """The commit ``ref`` pointed to when the local cache last downloaded ``repo_id``, or None."""
    if not re.fullmatch(r"[\w.-]+(/[\w.-]+)?", repo_id) or ".." in repo_id or not re.fullmatch(r"[\w.-]+", ref):
        return None
    folder = hf_cache_dir() / f"{kind}s--{repo_id.replace('/', '--')}" / "refs" / ref
    try:
        if folder.is_symlink() or not folder.is_file() or folder.stat().st_size > 100:
            return None
        sha = folder.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return sha if SHA40.match(sha) else None


def _hf_call(text: str, line: int, call_name: str, tree: ast.AST | None = None,
             call_nodes: list[ast.Call] | None = None) -> ast.Call | None:
    """The call named ``call_name`` at ``line``: the first in ``ast.walk`` order (``call_nodes``, when
    given, are the tree's calls in that order)."""
    if tree is None and call_nodes is None:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError):
            return None
    short = call_name.rsplit(".", 1)[-1]
    for node in call_nodes if call_nodes is not None else ast.walk(tree):  # type: ignore[arg-type]
        if isinstance(node, ast.Call) and node.lineno == line:
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
            if name == short:
                return node
    return None


def _parse(text: str) -> ast.AST | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None


def _pinned_after(text: str, line: int, call_name: str, sha: str) -> bool:
    call = _hf_call(text, line, call_name)
    return call is not None and any(
        k.arg in ("revision", "commit_id") and isinstance(k.value, ast.Constant) and k.value.value == sha
        for k in call.keywords)


def _kind(call: ast.Call, call_name: str) -> str:
    if call_name.endswith("load_dataset"):
        return "dataset"
    for kw in call.keywords:
        if kw.arg == "repo_type" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return str(kw.value.value)
    return "model"


def _offset_lines(text: str) -> list[str]:
    return text.split("\n")


def _revision_edit(path: str, text: str, call: ast.Call, sha: str) -> Edit | None:
    """Insert ``revision="<sha>"`` as the call's last argument, or replace its `revision` string."""
    lines = _offset_lines(text)
    kw = next((k for k in call.keywords if k.arg in ("revision", "commit_id")), None)
    if kw is not None:
        v = kw.value
        if not (isinstance(v, ast.Constant) and isinstance(v.value, str) and v.end_lineno == v.lineno
                and v.end_col_offset is not None):
            return None
        line = lines[v.lineno - 1]
        start, end = _col(line, v.col_offset), _col(line, v.end_col_offset)
        quote = line[start] if line[start] in "'\"" else '"'
        return Edit(path, v.lineno, v.lineno, line[:start] + f"{quote}{sha}{quote}" + line[end:].rstrip("\r"))
    if call.end_lineno is None or call.end_col_offset is None:
        return None
    args: list[ast.AST] = [*call.args, *call.keywords]
    if any(isinstance(a, ast.Starred) for a in call.args):
        return None
    close_line = lines[call.end_lineno - 1]
    close = _col(close_line, call.end_col_offset) - 1
    if close < 0 or close_line[close] != ")":
        return None
    quote = _quote_style(text, lines, call)
    new_arg = f"revision={quote}{sha}{quote}"
    if not args:
        return Edit(path, call.end_lineno, call.end_lineno,
                    close_line[:close] + new_arg + close_line[close:].rstrip("\r"))
    last = max(args, key=lambda a: (getattr(a, "end_lineno", 0), getattr(a, "end_col_offset", 0)))
    end_line, end_col = getattr(last, "end_lineno", None), getattr(last, "end_col_offset", None)
    if end_line is None or end_col is None:
        return None
    between = _between(lines, end_line, _col(lines[end_line - 1], end_col), call.end_lineno, close)
    if between is None:
        return None
    trailing_comma = "," in re.sub(r"#[^\n]*", "", between)
    if call.end_lineno > end_line and not close_line[:close].strip():
        if trailing_comma:  # one argument a line, the last with a comma, `)` alone: add a line like it
            indent = re.match(r"[ \t]*", lines[getattr(last, "lineno", end_line) - 1])
            assert indent is not None
            return Edit(path, call.end_lineno, call.end_lineno - 1, f"{indent.group(0)}{new_arg},")
    elif call.end_lineno != end_line:
        return None
    line = lines[end_line - 1].rstrip("\r")
    at = _col(line, end_col)
    if end_line == call.end_lineno:  # `...last)` or `...last,)`: the new argument goes before `)`
        return Edit(path, end_line, end_line, line[:at] + ", " + new_arg + line[close:])
    if trailing_comma:
        return None
    return Edit(path, end_line, end_line, line[:at] + ", " + new_arg + line[at:])


def _between(lines: list[str], l1: int, c1: int, l2: int, c2: int) -> str | None:
    """The source between two positions, without comments; None when it holds anything but a comma."""
    chunk = (lines[l1 - 1][c1:c2] if l1 == l2
             else "\n".join([lines[l1 - 1][c1:], *lines[l1:l2 - 1], lines[l2 - 1][:c2]]))
    bare = re.sub(r"#[^\n]*", "", chunk)
    return chunk if re.fullmatch(r"[\s,]*", bare) and bare.count(",") <= 1 else None


def _col(line: str, byte_col: int) -> int:
    """ast's column (UTF-8 bytes) as a str index."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _quote_style(text: str, lines: list[str], call: ast.Call) -> str:
    """The quote of the call's first string argument (the Hub id), else the file's more common one."""
    for a in [*call.args, *(k.value for k in call.keywords)]:
        if isinstance(a, ast.Constant) and isinstance(a.value, str):
            first = lines[a.lineno - 1][_col(lines[a.lineno - 1], a.col_offset):][:1]
            if first in ("'", '"'):
                return first
    return "'" if text.count("'") > text.count('"') else '"'


@_fixer("data-hf-revision", 'adds `revision="<commit>"` to the call (or replaces `revision="main"`): the commit '
        "this repository pins the same Hub id to elsewhere, or the one the local Hugging Face cache "
        "($HF_HOME/hub) recorded for the branch; with no such commit it writes nothing and prints the "
        "command that would fetch it.", suggests=True)
def _fix_hf(ctx: _Ctx, f: ReportedFinding) -> Result:
    m = _HF_NO_REV.match(f.message) or _HF_BRANCH.match(f.message)
    if m is None or f.line is None or f.cell is not None:
        return None
    known = _KNOWN_SHA.search(f.remediation)
    if known is None and ctx.suggesting and not ctx.sources.hf_cache:
        return None  # no commit to suggest: the call need not be found (the module parsed again) for a Manual
    text = _text(ctx, f.path)
    if text is None:
        return None
    # the module the rule read, its calls (not a parse of its own); no node is kept: its tree need not stay
    src = ctx.index.python(f.path, keep=False) if f.path.endswith(".py") else None
    if src is not None and src.text is text:
        call = _hf_call(text, f.line, m.group("call"), call_nodes=src.call_nodes)
    else:
        call = _hf_call(text, f.line, m.group("call"), ctx.once("ast " + f.path, lambda: _parse(text)))
    if call is None:
        return Manual(f.rule_id, f.fingerprint, f.location(), "the call spans lines mlgate cannot edit safely")
    repo_id, kind = m.group("id"), _kind(call, m.group("call"))
    ref = m.groupdict().get("ref") or "main"
    sha = known.group(1) if known else None
    origin = "pinned elsewhere in this repository"
    if sha is None and ctx.sources.hf_cache:
        sha, origin = hf_cached_commit(repo_id, kind, ref), "from the local Hugging Face cache"
    if sha is None:
        flag = "" if kind == "model" else f" --repo-type {kind}"
        url = f"https://huggingface.co/{'' if kind == 'model' else kind + 's/'}{repo_id}"
        return Manual(f.rule_id, f.fingerprint, f.location(),
                      f"{repo_id} is not in the local Hugging Face cache ({hf_cache_dir()})",
                      f"huggingface-cli download{flag} {repo_id} --revision {ref}  (or: git ls-remote {url} "
                      f"{ref}, then pass that sha as revision=)")
    edit = _revision_edit(f.path, text, call, sha)
    if edit is not None and not _pinned_after(apply_edits(text, [edit]), f.line, m.group("call"), sha):
        edit = None  # the edited source would not parse, or not pass the sha: leave it to a person
    if edit is None:
        return Manual(f.rule_id, f.fingerprint, f.location(), f"pin it by hand: revision=\"{sha}\" ({origin})")
    return Fix(f.rule_id, f.fingerprint, f'{f.location()}: pinned {repo_id} to revision="{sha}" ({origin})',
               (edit,))


# ============================================================================ repro-deps-pinned
_LOOSE = lazyre.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*) is not pinned to an exact version$")
_COMPILED = lazyre.compile(r"pip-compile|uv pip compile|uv export|poetry export|pdm export")


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock_versions(ctx: _Ctx) -> dict[str, dict[str, str]]:
    """package -> {version: the lock file that records it}, from every lock file in the repository."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    found: dict[str, dict[str, str]] = {}

    def add(name: str, version: str, where: str) -> None:
        found.setdefault(_canon(name), {}).setdefault(version, where)

    for path in ctx.index.files:
        base = path.rsplit("/", 1)[-1]
        if base in ("uv.lock", "poetry.lock", "pdm.lock"):
            try:
                doc = tomllib.loads(ctx.index.text(path) or "")
            except (tomllib.TOMLDecodeError, RecursionError):
                continue
            for pkg in doc.get("package", []) if isinstance(doc.get("package"), list) else []:
                if isinstance(pkg, dict) and isinstance(pkg.get("name"), str) and isinstance(pkg.get("version"), str):
                    src = pkg.get("source")
                    if isinstance(src, dict) and ("editable" in src or "virtual" in src):
                        continue  # the project itself
                    add(pkg["name"], pkg["version"], path)
        elif base.endswith((".txt", ".lock")):
            text = ctx.index.text(path) or ""
            if not _COMPILED.search(text[:2000]):
                continue
            for raw in split_lines(text):
                m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([A-Za-z0-9.+!-]+)\s*(?:[;\\#]|$)",
                             raw.strip())
                if m:
                    add(m.group(1), m.group(2), path)
    return found


# A requirement line packaging reads, surely: a name, extras, comparisons with releases. Most loose lines are
# such, and most repositories have no lock file to pin them from: packaging (~20 ms to import, a tenth of a
# small repository's check) is then not needed to say so.
_PLAIN_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_PLAIN_COMPARISON = r"(?:(?:==|!=|>=|<=|<|>)[ \t]*[0-9]+(?:\.[0-9]+)*|~=[ \t]*[0-9]+(?:\.[0-9]+)+)"
_PLAIN_REQUIREMENT = lazyre.compile(
    rf"^{_PLAIN_NAME}(?:[ \t]*\[[ \t]*{_PLAIN_NAME}(?:[ \t]*,[ \t]*{_PLAIN_NAME})*[ \t]*\])?"
    rf"(?:[ \t]*{_PLAIN_COMPARISON}(?:[ \t]*,[ \t]*{_PLAIN_COMPARISON})*)?$")


def _readable(line: str) -> bool:
    """Whether pip (packaging's PEP 508 parser) reads the requirement."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        Requirement(line)
    except InvalidRequirement:
        return False
    return True


@_fixer("repro-deps-pinned", "pins a loose requirement line to `==<version>`: the version the repository's own "
        "lock file records (uv.lock, poetry.lock, pdm.lock or a requirements file compiled by pip-compile or uv), "
        "or with `--from-env` the version installed in the running environment; never a guess, never a version "
        "the line's own range excludes, and only that line changes (extras, markers and comments are kept).",
        suggests=True)
def _fix_pin(ctx: _Ctx, f: ReportedFinding) -> Result:
    m = _LOOSE.match(f.message)
    if m is None or f.line is None:
        return None
    text = _text(ctx, f.path)
    if text is None:
        return None
    lines = ctx.lines(f.path, text)
    raw = lines[f.line - 1] if f.line <= len(lines) else ""
    line = re.match(r"^(?P<body>.*?)(?P<comment>\s+#.*)?$", raw)
    assert line is not None
    body, comment = line.group("body"), line.group("comment") or ""
    if body.rstrip().endswith("\\") or "--" in body or "://" in body or "@" in body.split(";")[0]:
        return Manual(f.rule_id, f.fingerprint, f.location(), "the requirement is not a plain one-line "
                      "`name<spec>`: pin it by hand")
    parts = re.match(r"^(?P<head>\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?)(?P<spec>[^;]*?)"
                     r"(?P<tail>\s*(?:;.*)?)$", body)
    if parts is None:
        return None
    name = m.group("name")
    if not _PLAIN_REQUIREMENT.match(body.strip()) and not _readable(body.strip()):
        return Manual(f.rule_id, f.fingerprint, f.location(), "pip cannot read the line; fix it by hand")
    versions = ctx.once("locks", lambda: _lock_versions(ctx)).get(_canon(name), {})
    origin = ", ".join(sorted(set(versions.values())))
    if not versions and ctx.sources.from_env:
        from importlib import metadata

        try:
            versions = {metadata.version(name): "the running environment"}
            origin = "installed in the running environment"
        except metadata.PackageNotFoundError:
            versions = {}
    if len(versions) > 1:
        return Manual(f.rule_id, f.fingerprint, f.location(), f"the lock files disagree on {name} "
                      f"({', '.join(sorted(versions))}): pin it by hand")
    if not versions:
        hint = "" if ctx.sources.from_env else "; or pin what is installed here: mlgate fix --from-env"
        return Manual(f.rule_id, f.fingerprint, f.location(), f"no lock file in the repository records {name}",
                      "uv pip compile --generate-hashes " + f.path + " (or pip-compile)" + hint)
    version = next(iter(versions))
    from packaging.requirements import Requirement
    from packaging.version import InvalidVersion, Version

    req = Requirement(body.strip())  # readable: checked above
    try:
        if req.specifier and not req.specifier.contains(Version(version), prereleases=True):
            return Manual(f.rule_id, f.fingerprint, f.location(), f"{origin} has {name} {version}, which "
                          f"`{req.specifier}` excludes: the lock is stale")
    except InvalidVersion:
        return None
    new = parts.group("head").rstrip() + "==" + version + parts.group("tail") + comment
    if Requirement(new.split(" #")[0].strip()).specifier != Requirement(f"x=={version}").specifier:
        return None
    return Fix(f.rule_id, f.fingerprint, f"{f.location()}: pinned {name}=={version} ({origin})",
               (Edit(f.path, f.line, f.line, new),))


# ============================================================================ rollout-canary
def _key_pos(node: Any, key: Any) -> tuple[int, int]:
    """(0-based line, column) of a key of a round-trip mapping."""
    line, col = node.lc.key(key)
    return int(line), int(col)


def _key_line(node: Any, key: Any) -> int:
    return _key_pos(node, key)[0] + 1


def _canary_set(text: str, key_line: int) -> bool:
    """Whether the round-trip loader reads the edited manifest with canaryTrafficPercent: 10 in the
    predictor whose key is on ``key_line``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    y = YAML(typ="rt")
    y.preserve_quotes = True
    try:
        with warnings.catch_warnings():  # ruamel's warnings (a reused anchor) quote the file: not printed
            warnings.simplefilter("ignore")
            docs = list(y.load_all(text))
    except (YAMLError, ValueError):
        return False
    for doc in docs:
        spec: Any = doc.get("spec") if isinstance(doc, dict) else None
        if isinstance(spec, dict) and "predictor" in spec and _key_line(spec, "predictor") == key_line:
            return isinstance(spec["predictor"], dict) and spec["predictor"].get("canaryTrafficPercent") == 10
    return False


@_fixer("rollout-canary", "adds `canaryTrafficPercent: 10` under `spec.predictor` of a KServe InferenceService "
        "that has none (Serverless mode), on its own line after `predictor:`; every other line is kept byte for "
        "byte. Argo Rollouts, Flagger, SageMaker and others need a person.", suggests=True)
def _fix_canary(ctx: _Ctx, f: ReportedFinding) -> Result:
    if not f.message.startswith("KServe InferenceService") or f.line is None:
        return Manual(f.rule_id, f.fingerprint, f.location(), "only a KServe InferenceService is fixed "
                      "automatically") if "canary" in f.message else None
    text = _text(ctx, f.path)
    if text is None or not ("no canaryTrafficPercent" in f.message or "has no canary" in f.message):
        return None
    docs = ctx.index.yaml(f.path)  # the analysis's own parse: nodes with the round-trip loader's positions
    if not docs:
        return Manual(f.rule_id, f.fingerprint, f.location(), "the manifest is a template mlgate cannot edit")
    lines = ctx.lines(f.path, text)
    for doc in docs:
        if not isinstance(doc, dict) or doc.get("kind") != "InferenceService":
            continue
        spec: Any = doc.get("spec")
        pred: Any = spec.get("predictor") if isinstance(spec, dict) else None
        if not isinstance(pred, dict) or not pred or "canaryTrafficPercent" in pred:
            continue
        key_line = _key_line(spec, "predictor")
        if key_line != f.line:
            continue
        mode = ((doc.get("metadata") or {}).get("annotations") or {}).get("serving.kserve.io/deploymentMode")
        if str(mode) == "RawDeployment":
            return Manual(f.rule_id, f.fingerprint, f.location(), "RawDeployment mode has no canary rollout")
        first = next(iter(pred))
        first_line, col = _key_pos(pred, first)
        if first_line + 1 <= key_line or re.search(r"\S", lines[key_line - 1].split("#")[0].split(":", 1)[-1]):
            return Manual(f.rule_id, f.fingerprint, f.location(), "the predictor is written in flow style")
        edit = Edit(f.path, key_line + 1, key_line, f"{' ' * col}canaryTrafficPercent: 10")
        if ctx.sources.verify and not _canary_set(apply_edits(text, [edit]), key_line):
            return None
        return Fix(f.rule_id, f.fingerprint, f"{f.location()}: canaryTrafficPercent: 10 under spec.predictor",
                   (edit,))
    return None


# ============================================================================ mon-dependency-watch
_SKIP_DIRS = lazyre.compile(r"(^|/)(tests?|examples?|docs?)/")


def ecosystems(index: RepoIndex) -> dict[str, list[str]]:
    """Dependabot ecosystem -> the folders ("/", "/svc") whose manifests it reads."""
    found: dict[str, set[str]] = {}
    for path in index.files:
        if _SKIP_DIRS.search(path):
            continue
        folder, _, base = path.rpartition("/")
        where = "/" + folder
        eco = None
        if base == "uv.lock":
            eco = "uv"
        elif re.fullmatch(r"requirements[^/]*\.(txt|in)|pyproject\.toml|setup\.py|setup\.cfg|Pipfile|poetry\.lock",
                          base):
            eco = "pip"
        elif re.fullmatch(r"(environment|conda)\.ya?ml", base):
            eco = "conda"
        elif is_dockerfile(path) and "dockerfile" in base.lower():  # Dependabot reads Dockerfiles, not Containerfiles
            eco = "docker"
        elif re.fullmatch(r"\.github/workflows/[^/]+\.ya?ml", path):
            eco, where = "github-actions", "/"
        if eco:
            found.setdefault(eco, set()).add(where)
    if "uv" in found and "pip" in found:  # a uv project's pyproject.toml belongs to the uv ecosystem
        found["pip"] -= found["uv"]
        if not found["pip"]:
            del found["pip"]
    order = ("uv", "pip", "conda", "docker", "github-actions")
    return {e: sorted(found[e]) for e in order if e in found}


def dependabot_yaml(ecos: dict[str, list[str]]) -> str:
    out = ["# Dependabot: a weekly pull request for each outdated dependency (written by `mlgate fix`).",
           "# Options: https://docs.github.com/en/code-security/dependabot",
           "version: 2", "updates:"]
    for eco, dirs in ecos.items():
        out.append(f'  - package-ecosystem: "{eco}"')
        if len(dirs) == 1:
            out.append(f'    directory: "{dirs[0]}"')
        else:
            out.append("    directories:")
            out += [f'      - "{d}"' for d in dirs]
        out += ["    schedule:", '      interval: "weekly"']
    return "\n".join(out) + "\n"


@_fixer("mon-dependency-watch", "writes `.github/dependabot.yml` with a weekly update for each package ecosystem "
        "the repository uses (uv, pip (also Poetry), conda, docker, github-actions), each with the folders of its "
        "manifests; an unwatched DVC import needs a person.")
def _fix_watch(ctx: _Ctx, f: ReportedFinding) -> Result:
    if not f.message.startswith("dependency updates and advisories"):
        return Manual(f.rule_id, f.fingerprint, f.location(), "schedule `dvc update --no-download` in CI by hand")
    if ctx.sources.prefix:
        return Manual(f.rule_id, f.fingerprint, f.location(), "GitHub reads .github/dependabot.yml only at the "
                      f"top of the repository, not in {ctx.sources.prefix}", "mlgate fix <the repository's top>")
    if ctx.index.exists(".github/dependabot.yml") or ctx.index.exists(".github/dependabot.yaml"):
        return Manual(f.rule_id, f.fingerprint, f.location(), ".github/dependabot.yml exists but lists no "
                      "updates: add them by hand")
    ecos = ecosystems(ctx.index)
    if not ecos:
        return None
    return Fix(f.rule_id, f.fingerprint, f".github/dependabot.yml: weekly updates for {', '.join(ecos)}",
               (Edit(".github/dependabot.yml", 1, 0, dependabot_yaml(ecos), create=True),))


# ============================================================================ spec-codeowners
OWNER = lazyre.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?$|^[^@\s]+@[^@\s]+\.[^@\s]+$")


@_fixer("spec-codeowners", "with `--owner @org/team`, appends a line to CODEOWNERS for each folder (or root "
        "file) of model-spec files that has no owner, is unassigned or is owned only by `*` (a later line wins), "
        "or writes .github/CODEOWNERS when there is none; without `--owner` it prints what to run, never an "
        "invented owner.")
def _fix_owners(ctx: _Ctx, f: ReportedFinding) -> Result:
    owner = ctx.sources.owner
    if owner is None:
        return Manual(f.rule_id, f.fingerprint, f.location(), "mlgate does not know who reviews model changes",
                      "mlgate fix --select spec-codeowners --owner @<org>/<team>")
    from mlgate.facts.codeowners import codeowners
    from mlgate.facts.specs import spec_files

    owners = codeowners(ctx.index)
    targets: list[str] = []
    for spec in spec_files(ctx.index, ctx.config.model_spec):
        rule = owners.rule_for(spec.path) if owners is not None else None
        if rule is None or not rule.owners or rule.pattern in ("*", "/*", "**", "/**"):
            folder = spec.path.rsplit("/", 1)[0] + "/" if "/" in spec.path else spec.path
            if "/" + folder not in targets:
                targets.append("/" + folder)
    if not targets:
        return None
    new = [f"{_escape_pattern(t)} {owner}" for t in targets]
    if owners is None and ctx.sources.prefix:
        return Manual(f.rule_id, f.fingerprint, f.location(), "GitHub reads CODEOWNERS only at the top of the "
                      f"repository, not in {ctx.sources.prefix}", "mlgate fix <the repository's top> --owner " + owner)
    if owners is None:
        text = "# Who must review changes to the model code and configuration (written by `mlgate fix`).\n"
        return Fix(f.rule_id, f.fingerprint, f".github/CODEOWNERS: {owner} owns {', '.join(targets)}",
                   (Edit(".github/CODEOWNERS", 1, 0, text + "\n".join(new) + "\n", create=True),))
    current = _text(ctx, owners.path)
    if current is None:
        return None
    end = len(split_lines(current))
    return Fix(f.rule_id, f.fingerprint, f"{owners.path}: {owner} owns {', '.join(targets)}",
               (Edit(owners.path, end + 1, end, "\n".join(new)),))


def _escape_pattern(path: str) -> str:
    return re.sub(r"([\s#\\\[\]!*?])", r"\\\1", path)


# ============================================================================ prov-artifact-metadata
_STAMP_CMD = lazyre.compile(r"`((?:mlgate stamp|dvc repro) [^`]+)`")
_DVC_OUT = lazyre.compile(r"^(?P<art>.+?) is an out of stage '(?P<stage>[^']+)', which (?P<lock>\S+) does not lock")


@_fixer("prov-artifact-metadata", "for a DVC out whose stage dvc.lock does not lock, when the artifact and every "
        "input the stage declares are on disk, runs `mlgate stamp` with those inputs and the stage's command "
        "and writes the sidecar; any other artifact is listed with the command to run, since its inputs are "
        "not known.")
def _fix_prov(ctx: _Ctx, f: ReportedFinding) -> Result:
    m = _STAMP_CMD.search(f.remediation)
    manual = Manual(f.rule_id, f.fingerprint, f.location(), "the inputs that made this artifact are not recorded "
                    "in the repository", m.group(1) if m else None)
    out = _DVC_OUT.match(f.message)
    if out is None or not ctx.sources.stamp:
        return manual
    from mlgate.facts.provenance import dvc_producer
    from mlgate.stamp import SIDECAR_SUFFIX, StampError, stamp

    root = Path(ctx.index.root)
    art = out.group("art")
    prod = dvc_producer(ctx.index, art)
    if prod is None or prod.out.path != art or not prod.stage.deps:
        return manual
    deps = list(prod.stage.deps)
    if not (root / art).is_file() or any("://" in d or not (root / d).exists() for d in deps):
        return Manual(f.rule_id, f.fingerprint, f.location(), f"{art} or an input of stage "
                      f"'{prod.stage.name}' is not on disk", f"dvc repro {prod.stage.name}")
    try:
        done = stamp(str(root / art), data=[str(root / d) for d in deps], entrypoint=prod.stage.cmd,
                     repo=root, write=False)
    except StampError as exc:
        return Manual(f.rule_id, f.fingerprint, f.location(), str(exc), m.group(1) if m else None)
    import json

    return Fix(f.rule_id, f.fingerprint, f"{art}{SIDECAR_SUFFIX}: stamped with the inputs of stage "
               f"'{prod.stage.name}' ({', '.join(deps)})",
               (Edit(art + SIDECAR_SUFFIX, 1, 0, json.dumps(done.document, indent=2) + "\n", create=True),))


def intend_to_add(root: Path, paths: Iterable[str]) -> bool:
    """Record new files with `git add --intent-to-add` (no content is staged), so that `git diff` shows
    them and `mlgate check`, which reads tracked files, sees them. False outside a git work tree."""
    from mlgate import git

    repo = git._open(root)
    if repo is None:
        return False
    try:
        repo.git.add("--intent-to-add", "--", *[str((root / p).absolute()) for p in paths])
    except Exception:  # git refused (an odd index): the files are written, only not yet tracked
        return False
    return True


# ============================================================================ `mlgate fix`
def _active(index: RepoIndex, config: Config, selection: Any) -> list[ReportedFinding]:
    from mlgate.engine import run_rules

    return [f for r in run_rules(index, config, selection) for f in r.active_findings]


def _index(root: Path, config: Config, extra: Sequence[str] = ()) -> RepoIndex:
    from mlgate.patterns import PathSet
    from mlgate.repo import FsSource, build_index

    index = build_index(str(root), exclude=PathSet(config.exclude))
    missing = [p for p in extra if p not in index.files]
    if not missing:
        return index
    return RepoIndex(str(root), [*index.files, *missing], FsSource(root), exclude=PathSet(config.exclude),
                     commit=index.commit, notices=list(index.notices))


def run_fix(args: Any, out: Any = None) -> int:
    """`mlgate fix`: 0 when no finding is left, 1 when some are (or, with --diff, when there is
    something to fix), 2 on a usage error (raised as ValueError)."""
    from mlgate.config import load_config
    from mlgate.engine import Selection

    out = out or sys.stdout
    root = Path(args.path)
    if not root.is_dir():
        raise ValueError(f"{args.path}: not a directory")
    if args.owner is not None and not OWNER.match(args.owner):
        raise ValueError(f"--owner: {args.owner!r} is not a GitHub user or team (@org/team) or an e-mail")
    config = load_config(root, args.config)
    selection = Selection(args.select, args.ignore)
    index = _index(root, config)
    before = _active(index, config, selection)
    from mlgate.analysis import _prefix

    sources = Sources(hf_cache=True, from_env=args.from_env, owner=args.owner, stamp=True, prefix=_prefix(str(root)),
                      verify=True)
    results = compute(index, config, before, sources)
    fixes = [r for r in results if isinstance(r, Fix)]
    manual = {r.fingerprint: r for r in results if isinstance(r, Manual)}
    changes, applied, refused = plan(root, index, fixes)
    for fx, why in refused:
        manual[fx.fingerprint] = Manual(fx.rule_id, fx.fingerprint, fx.edits[0].path, f"not applied: {why}")
    if args.diff:
        for path, (old, new) in changes.items():
            out.write(unified_diff(path, old, new))
        n = len(applied)
        out.write(f"mlgate fix: {n} fix{'es' if n != 1 else ''} would change {len(changes)} file"
                  f"{'s' if len(changes) != 1 else ''}; {len(before)} finding{'s' if len(before) != 1 else ''} "
                  "now (nothing written: run without --diff to apply)\n")
        _needs_person(out, [f for f in before if f.fingerprint not in {x.fingerprint for x in applied}], manual)
        return 1 if changes or before else 0
    try:
        write(root, changes)
    except OSError as exc:
        raise ValueError(f"cannot write {exc.filename or 'a file'} ({exc.strerror}); nothing else was "
                         "changed after it") from exc
    created = [p for p, (old, _new) in changes.items() if old is None]
    tracked = intend_to_add(root, created) if created else False
    after = _active(_index(root, config, created), config, selection)
    gone = {f.fingerprint for f in before} - {f.fingerprint for f in after}
    done = sorted((fx for fx in applied if fx.fingerprint in gone), key=lambda fx: (fx.rule_id, fx.what))
    if done:
        out.write(f"mlgate fix: fixed {len(done)} finding{'s' if len(done) != 1 else ''} in {len(changes)} file"
                  f"{'s' if len(changes) != 1 else ''}:\n")
        for fx in done:
            out.write(f"  {fx.rule_id}  {fx.what}\n")
    elif not changes:
        out.write("mlgate fix: nothing to fix automatically\n")
    if created:
        how = "recorded with `git add --intent-to-add`" if tracked else "not tracked by git yet: `git add` them"
        out.write(f"  new file{'s' if len(created) > 1 else ''} {', '.join(created)} ({how})\n")
    for fx in applied:
        if fx.fingerprint not in gone:
            out.write(f"  {fx.rule_id}  {fx.what}: written, but the finding remains\n")
    _needs_person(out, after, manual)
    return 1 if after else 0


def _needs_person(out: Any, findings: Sequence[ReportedFinding], manual: dict[str, Manual]) -> None:
    if not findings:
        out.write("mlgate fix: no findings left\n")
        return
    out.write(f"still needs a person ({len(findings)} finding{'s' if len(findings) != 1 else ''}):\n")
    for f in sorted(findings, key=lambda f: (f.rule_id, f.path, f.line or 0)):
        m = manual.get(f.fingerprint)
        out.write(f"  {f.location()}  {f.rule_id}  {m.why if m else f.message}\n")
        if m is not None and m.command:
            out.write(f"      run: {m.command}\n")
