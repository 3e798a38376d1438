"""Committed coverage data: Cobertura ``coverage.xml`` and coverage.py's ``.coverage`` SQLite file.

Both are read without running anything. The XML is refused when it declares a DTD or entities; the
SQLite file is read only when it starts with the SQLite magic and is under the size cap, from a
private temporary copy opened read-only (``file:...?mode=ro`` URI). A ``.coverage`` file records the
executed lines only, so a file's line rate there is approximated against the statements of the
current source. Staleness is judged from what the data says about files that exist now: a measured
file that is gone, or recorded line numbers past a file's end, mean the code changed after the run.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import os
import re
from dataclasses import field

from mlgate.records import dataclass
from mlgate.repo import Needles, RepoIndex

_COBERTURA = Needles("<coverage")

SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_SQLITE_BYTES = 20_000_000


@dataclass(frozen=True)
class FileCoverage:
    repo_path: str | None  # the repository file it measures, when one matches
    reported: str  # the file name as the report writes it
    line_rate: float  # 0..1
    line: int | None  # where the file's entry is in the report (Cobertura), for findings
    past_end: bool  # recorded line numbers beyond the current file's last line


@dataclass
class CoverageReport:
    path: str
    kind: str  # cobertura | sqlite
    when: str | None  # the run's date, as the report gives it
    files: list[FileCoverage] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Files the report measured that no longer exist."""
        return [f.reported for f in self.files if f.repo_path is None]

    def stale_reasons(self) -> list[str]:
        out = []
        if self.missing:
            out.append(f"it measures {len(self.missing)} file(s) that no longer exist (e.g. {self.missing[0]})")
        past = [f.repo_path for f in self.files if f.past_end and f.repo_path]
        if past:
            out.append(f"it records lines past the end of {past[0]}, which has changed since")
        return out

    def for_file(self, path: str) -> FileCoverage | None:
        return next((f for f in self.files if f.repo_path == path), None)


def _match(index: RepoIndex, reported: str) -> str | None:
    name = reported.replace("\\", "/")
    if index.exists(name.lstrip("./")):
        return name.lstrip("./")
    parts = [p for p in name.split("/") if p]
    # absolute paths of the machine that ran the tests: the longest suffix that is a repository file
    for i in range(len(parts)):
        candidate = "/".join(parts[i:])
        if index.exists(candidate):
            return candidate
    hits = [f for f in index.files if f.endswith("/" + name)]
    return min(hits, key=len) if len(hits) >= 1 else None


def _line_count(index: RepoIndex, path: str) -> int:
    return len(index.lines(path))


def _cobertura(index: RepoIndex, path: str) -> CoverageReport | None:
    text = index.text(path)
    if text is None:
        return None
    if re.search(r"<!(DOCTYPE|ENTITY)", text[:10_000]):
        index.notice(path, "XML with a DTD or entities; not parsed")
        return None
    import xml.etree.ElementTree as ET  # here, not at import: most repositories commit no coverage data

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        index.notice(path, f"invalid XML: {exc}; not parsed")
        return None
    if root.tag != "coverage":
        return None
    when = None
    stamp = root.get("timestamp")
    if stamp and stamp.isdigit():
        try:
            seconds = int(stamp) / (1000 if len(stamp) > 11 else 1)
            when = dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%d")
        except (OverflowError, OSError, ValueError):
            when = None
    lines = index.lines(path)
    report = CoverageReport(path, "cobertura", when)
    seen: set[str] = set()
    for cls in root.iter("class"):
        filename = cls.get("filename")
        if not filename or filename in seen:
            continue
        seen.add(filename)
        try:
            rate = float(cls.get("line-rate", "0"))
        except ValueError:
            continue
        repo_path = _match(index, filename)
        numbers = [int(n) for ln in cls.iter("line") if (n := ln.get("number", "")).isdigit()]
        past = bool(repo_path and numbers and max(numbers) > _line_count(index, repo_path))
        where = next((i for i, ln in enumerate(lines, 1) if f'filename="{filename}"' in ln), None)
        report.files.append(FileCoverage(repo_path, filename, rate, where, past))
    return report


def _numbits_lines(blob: bytes) -> set[int]:
    return {i * 8 + bit for i, byte in enumerate(blob) for bit in range(8) if byte & (1 << bit)}


def _statements(index: RepoIndex, path: str) -> set[int]:
    src = index.python(path)
    if src is None:
        return set()
    out: set[int] = set()
    for node in ast.walk(src.tree):
        if isinstance(node, ast.stmt):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, str):
                continue  # docstrings are not statements coverage.py counts
            out.add(node.lineno)
    return out


def _sqlite(index: RepoIndex, path: str) -> CoverageReport | None:
    if index.head(path, 16) != SQLITE_MAGIC:
        index.notice(path, "not an SQLite coverage data file; not read")
        return None
    size = index.size(path)
    if size is None or size > MAX_SQLITE_BYTES:
        index.notice(path, f"coverage data larger than {MAX_SQLITE_BYTES:,} bytes; not read")
        return None
    data = index.read_bytes(path, MAX_SQLITE_BYTES + 1)
    if data is None or len(data) > MAX_SQLITE_BYTES:
        return None
    import sqlite3  # with tempfile, imported only for a committed .coverage file
    import tempfile

    executed: dict[str, set[int]] = {}
    when = None
    fd, tmp = tempfile.mkstemp(suffix=".coverage")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        conn = sqlite3.connect(f"file:{tmp}?mode=ro&immutable=1", uri=True)
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            files = dict(conn.execute("SELECT id, path FROM file").fetchall()) if "file" in names else {}
            if "line_bits" in names:
                for file_id, blob in conn.execute("SELECT file_id, numbits FROM line_bits"):
                    if file_id in files and isinstance(blob, bytes):
                        executed.setdefault(str(files[file_id]), set()).update(_numbits_lines(blob))
            if "arc" in names:
                for file_id, a, b in conn.execute("SELECT file_id, fromno, tono FROM arc"):
                    if file_id in files:
                        executed.setdefault(str(files[file_id]), set()).update(n for n in (a, b) if n > 0)
            for name in files.values():
                executed.setdefault(str(name), set())
            if "meta" in names:
                row = conn.execute("SELECT value FROM meta WHERE key = 'when'").fetchone()
                when = str(row[0])[:10] if row else None
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError) as exc:
        index.notice(path, f"coverage data could not be read ({type(exc).__name__}); not analysed")
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    report = CoverageReport(path, "sqlite", when)
    for reported, lines in sorted(executed.items()):
        repo_path = _match(index, reported)
        rate = 0.0
        past = False
        if repo_path is not None:
            statements = _statements(index, repo_path)
            rate = len(lines & statements) / len(statements) if statements else 1.0
            past = bool(lines) and max(lines) > _line_count(index, repo_path)
        report.files.append(FileCoverage(repo_path, reported, rate, None, past))
    return report


def coverage_reports(index: RepoIndex) -> list[CoverageReport]:
    """Every committed coverage report that could be read."""

    def compute() -> list[CoverageReport]:
        out: list[CoverageReport] = []
        for path in index.files:
            name = path.rsplit("/", 1)[-1]
            report = None
            if name in ("coverage.xml", "cobertura.xml", "cobertura-coverage.xml") or \
                    (name.endswith(".xml") and "coverage" in name and index.contains(path, _COBERTURA)):
                report = _cobertura(index, path)
            elif name == ".coverage" or name.startswith(".coverage."):
                report = _sqlite(index, path)
            if report is not None:
                out.append(report)
        return out

    return index.memo("coverage-reports", compute)
