"""Offsets in a document's text ↔ LSP positions (a zero-based line and a character counted in the units the
client and server agreed on: UTF-16 code units unless the client offered UTF-8 or UTF-32).

Lines end as LSP says they do: at \\n, \\r\\n or \\r, and at nothing else (str.splitlines would also break at
a form feed, U+2028 and others, which an editor does not; a JSON macro may hold them)."""

from __future__ import annotations

import bisect
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)
_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many code units of `encoding` `text` takes."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text.encode("utf-8", "surrogatepass"))


def _chars(line: str, count: int, encoding: str) -> int:
    """How many characters of `line` the first `count` code units cover (a position inside a character
    counts as the character's start, as LSP asks of a position that is not on a boundary)."""
    if encoding == UTF32 or line.isascii():
        return min(count, len(line))
    seen = 0
    for i, char in enumerate(line):
        seen += units(char, encoding)
        if seen > count:
            return i
    return len(line)


class Lines:
    """A text's line starts, for converting offsets to positions and back."""

    __slots__ = ("encoding", "starts", "text")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def _line_end(self, line: int) -> int:
        """Where line `line`'s text ends (before its line break)."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1]
        return end - 2 if self.text[end - 2 : end] == "\r\n" else end - 1

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, character) of `offset`."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The offset of position (line, character): a line past the last is the end of the text, a
        character past the end of its line is the line's end (as LSP says a client may send)."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[max(line, 0)]
        text = self.text[start : self._line_end(max(line, 0))]
        return start + _chars(text, max(character, 0), self.encoding)
