"""Python 3.12 f-strings for an older parser.

Python 3.12 (PEP 701) lets a string inside an f-string's replacement field reuse the f-string's own quotes:
``f"saved to {os.path.join(DIR, "model.joblib")}"``. Python 3.10 and 3.11 refuse the whole module, so a
project written for 3.12+ lost every module holding one when mlgate ran on an older interpreter (its
training script, say). ``backport_fstrings`` gives each such nested string the other quote character, which
changes neither its value, nor any position, nor any line: the tree an older parser then builds is the one
Python 3.12 builds. Nothing is run; a text it cannot rewrite safely is left as it is (None).
"""

from __future__ import annotations

_PREFIX_CHARS = frozenset("rRbBuUfF")
_OTHER = {'"': "'", "'": '"'}


class _Rewrite(Exception):
    """The text has an f-string this rewriter does not handle: leave the text alone."""


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = list(text)
        self.changed = False

    def string_start(self, i: int) -> tuple[int, str, str] | None:
        """(index of the opening quote, prefix, quote) when a string literal starts at ``i``."""
        text = self.text
        j = i
        while j < len(text) and j - i < 2 and text[j] in _PREFIX_CHARS:
            j += 1
        # a prefix starts a token (not the end of a name such as `elif`); a bare quote starts one anywhere
        if j < len(text) and text[j] in "'\"" and (j == i or i == 0 or not (text[i - 1].isalnum()
                                                                       or text[i - 1] == "_")):
            quote = text[j] * 3 if text.startswith(text[j] * 3, j) else text[j]
            return j, text[i:j], quote
        return None

    def scan(self) -> None:
        """The module: skip comments and strings, rewrite f-strings."""
        text, i = self.text, 0
        while i < len(text):
            c = text[i]
            if c == "#":
                end = text.find("\n", i)
                i = len(text) if end == -1 else end
                continue
            start = self.string_start(i) if c in _PREFIX_CHARS or c in "'\"" else None
            if start is None:
                i += 1
                continue
            i = self.string(*start)

    def string(self, at: int, prefix: str, quote: str) -> int:
        """A string literal whose opening quote is at ``at``; returns the index after its closing quote."""
        text = self.text
        raw = "r" in prefix.lower()
        i = at + len(quote)
        if "f" not in prefix.lower():
            while i < len(text):
                if text[i] == "\\" and not raw:
                    i += 2
                elif text.startswith(quote, i):
                    return i + len(quote)
                elif text[i] == "\n" and len(quote) == 1:
                    raise _Rewrite
                else:
                    i += 1
            raise _Rewrite
        while i < len(text):
            c = text[i]
            if c == "\\" and not raw:
                if text.startswith("N{", i + 1):  # a named escape, `\N{EM DASH}`: its braces are no field
                    end = text.find("}", i)
                    if end == -1:
                        raise _Rewrite
                    i = end + 1
                else:  # `\{` escapes nothing: the brace still opens a field
                    i += 1 if text[i + 1 : i + 2] in ("{", "}") else 2
            elif text.startswith(quote, i):
                return i + len(quote)
            elif c == "\n" and len(quote) == 1:
                raise _Rewrite
            elif text.startswith("{{", i) or text.startswith("}}", i):
                i += 2
            elif c == "{":
                i = self.field(i + 1, quote)
            else:
                i += 1
        raise _Rewrite

    def field(self, i: int, outer: str) -> int:
        """A replacement field's expression (and format spec) from ``i``; returns the index after its ``}``."""
        text = self.text
        depth = 0
        while i < len(text):
            c = text[i]
            if c in "([{":
                depth += 1
            elif c in ")]" or (c == "}" and depth > 0):
                depth -= 1
            elif c == "}":
                return i + 1
            elif c == ":" and depth == 0:
                return self.spec(i + 1, outer)
            elif c in "\\#\n" and len(outer) == 1:
                raise _Rewrite  # backslashes, comments and line breaks in a field: 3.12 only, left alone
            elif c in _PREFIX_CHARS or c in "'\"":
                start = self.string_start(i)
                if start is not None:
                    at, prefix, quote = start
                    end = self.string(at, prefix, quote)
                    if len(outer) == 1 and quote == outer:
                        self.swap(at, end, quote)
                    elif quote.startswith(outer) or outer.startswith(quote):
                        raise _Rewrite  # a triple quote inside a triple-quoted f-string of the same kind
                    i = end
                    continue
            i += 1
        raise _Rewrite

    def spec(self, i: int, outer: str) -> int:
        """A format spec: literal text with nested replacement fields, up to the field's ``}``."""
        text = self.text
        while i < len(text):
            c = text[i]
            if c == "{":
                i = self.field(i + 1, outer)
            elif c == "}":
                return i + 1
            elif text.startswith(outer, i) or (c == "\n" and len(outer) == 1):
                raise _Rewrite
            else:
                i += 1
        raise _Rewrite

    def swap(self, at: int, end: int, quote: str) -> None:
        """Give the nested string ``text[at:end]`` (quoted with ``quote``) the other quote character."""
        other = _OTHER[quote]
        body = self.text[at + 1 : end - 1]
        if other in body or "\\" in body:
            raise _Rewrite  # the other quote, or an escape of this one, inside: not a plain swap
        self.out[at] = other
        self.out[end - 1] = other
        self.changed = True


def backport_fstrings(text: str) -> str | None:
    """``text`` with each string nested in an f-string's replacement field that reuses the f-string's quote
    given the other quote (same length, same value), or None when nothing needed it or it cannot be done."""
    scanner = _Scanner(text)
    try:
        scanner.scan()
    except (_Rewrite, IndexError, RecursionError):  # fields nested hundreds deep: left alone, like any other
        return None
    return "".join(scanner.out) if scanner.changed else None
