"""Neutralising repository text for each channel it reaches: the job log (workflow commands), Markdown
and HTML (the PR comment, the job summary, review comments, the check run), and GitHub's size limits.

Everything mlgate quotes from a repository (paths, values, names) is hostile: a value with a line break
could start a workflow command in the log (``::add-mask::``, ``::stop-commands::``, a forged
``::error``), and a value in Markdown could add an image, a link, raw HTML, an @mention or a heading.
Each channel gets one function here, applied where text leaves the process.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mlgate import lazyre

# ------------------------------------------------------------------------------------ the log
# Line breaks as the runner (and terminals) see them, other control characters, Unicode line and
# paragraph separators, and lone surrogates (a file name that is not UTF-8, kept by surrogateescape:
# printing one raises UnicodeEncodeError). ESC is kept only as the start of mlgate's own colour codes.
_UNSAFE = lazyre.compile(r"\x1b(?!\[\d{1,2}m)|[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` as one printable line: line breaks, control characters and undecodable bytes escaped
    (``\\n``, ``\\x1f``, ``\\xff``). A value inside a line can then never begin a line of its own."""
    return _UNSAFE.sub(_escape_char, text) if _UNSAFE.search(text) else text


def printable_name(name: str) -> str:
    """A file name as text that can be printed, written as UTF-8 and put in JSON."""
    return one_line(name)


# A line the runner would take as a command: `::name ...::` (after leading whitespace, which the
# runner trims), and the older `##[name ...]` form, which it finds anywhere in a line.
_COMMAND_START = lazyre.compile(r"^\s*::")


def log_lines(text: str) -> str:
    """Text for the job log whose every line is meant as plain output: a line that would start a
    workflow command is prefixed with ``|``, the ``##[`` form is broken, and undecodable bytes are
    escaped. (Values must already be on one line each: see ``one_line``.)"""
    out = []
    for line in text.split("\n"):
        line = _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in "\n\r" else _escape_char(m), line)
        line = line.replace("\r", "\\r").replace("##[", "#\u200b#[")
        if _COMMAND_START.match(line):
            line = "|" + line
        out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------------- Markdown
# Characters with a meaning in Markdown or HTML, escaped with a backslash (CommonMark: any ASCII
# punctuation may be) or as an entity where a backslash would not do (`<`, `>`, `&` start HTML and
# entities; a backslash before them still lets GitHub's sanitizer see the text).
_MD_SPECIAL = lazyre.compile(r"[\\*_~\[\]!#|$]")
_MENTION = lazyre.compile(r"@")  # every one: an @ also starts an e-mail autolink (`-@.example`)
_AUTOLINK = lazyre.compile(r"(?i)(://|www(?=\.))")  # GitHub links a bare URL wherever it starts
ZWJ = "\u200d"
ZWSP = "\u200b"


def md_text(text: str) -> str:
    """Repository text as inline Markdown that renders as exactly that text: no HTML, no link or
    image, no autolink, no @mention (a zero-width joiner after the `@`), no emphasis, no heading, on
    one line (a line break becomes a space), and no `|` that would end a table cell."""
    text = one_line(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    text = text.replace("`", "\\`")
    text = _MENTION.sub("@" + ZWJ, text)
    return _AUTOLINK.sub(lambda m: m.group(1)[0] + ZWSP + m.group(1)[1:], text)


def code_span(text: str) -> str:
    """``text`` as an inline code span: a fence longer than any run of backticks in it, padded with a
    space where it starts or ends with a backtick or a space (CommonMark strips one each side). In a
    code span nothing is a link, HTML or a mention; `|` is still escaped for tables."""
    text = one_line(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")).replace("|", "\\|")
    if not text:
        return "` `"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_code(text: str) -> str:
    """``text`` as ``<code>`` inside raw HTML (a ``<summary>``, where Markdown is not parsed): entities
    for `&`, `<`, `>` and quotes, no @mention, on one line."""
    text = one_line(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return "<code>" + _MENTION.sub("@" + ZWJ, text) + "</code>"


_CODE = lazyre.compile(r"(`+)(.+?)\1(?!`)", re.S)


def md_message(text: str) -> str:
    """A finding's message or remediation, which mlgate writes as Markdown with code spans around
    quoted values (`` `numpy>=1` ``): every code span is rebuilt with ``code_span`` and everything
    else is escaped with ``md_text``. A value with backticks of its own cannot end its span early
    and smuggle Markdown out: at worst it renders as more code."""
    out: list[str] = []
    pos = 0
    for m in _CODE.finditer(text):
        out.append(md_text(text[pos:m.start()]))
        out.append(code_span(m.group(2)))
        pos = m.end()
    out.append(md_text(text[pos:]))
    return "".join(out)


# ------------------------------------------------------------------------------------ limits
def utf16_size(text: str) -> int:
    """Length in UTF-16 code units (how GitHub counts a comment's characters): never less than len()."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf8_size(text: str) -> int:
    """Length in bytes as UTF-8 (how GitHub counts the job summary and annotation messages)."""
    return len(text.encode("utf-8", "surrogatepass"))


def cut(text: str, limit: int, size: Callable[[str], int] = utf16_size, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``limit`` in the unit ``size`` counts, ending with ``ellipsis`` when cut."""
    if size(text) <= limit:
        return text
    room = limit - size(ellipsis)
    if room <= 0:
        return ""
    # a character takes at least 1 and at most 4 units: bisect on the prefix length (O(n log n) in C
    # code, instead of one Python call per character)
    lo, hi = 0, min(len(text), room)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if size(text[:mid]) <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + ellipsis
