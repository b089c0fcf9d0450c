"""Offset-map helpers shared by the readers: unescaping, composing, masking."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lexlint.sources.segments import OffsetMap, OffsetMapBuilder


def unescape_map(raw: str, base: int, escape: re.Pattern[str], decode: Callable[[str], str]) -> tuple[str, OffsetMap]:
    """Decode `raw` (found at file offset `base`): each `escape` match becomes decode(match),
    mapped to the escape's characters; everything else maps one to one."""
    builder = OffsetMapBuilder()
    pos = 0
    for m in escape.finditer(raw):
        builder.raw(raw[pos : m.start()], base + pos)
        builder.decoded(decode(m.group()), base + m.start(), base + m.end())
        pos = m.end()
    builder.raw(raw[pos:], base + pos)
    return builder.build()


def compose(text: str, inner: OffsetMap, outer: OffsetMap, source: str) -> OffsetMap:
    """The map of `text` straight into the file, given its map into an intermediate string (`inner`)
    and that string's map into the file (`outer`)."""
    builder = OffsetMapBuilder()
    for i, ch in enumerate(text):
        start = outer.start(inner.start(i))
        end = outer.end(inner.end(i) - 1)
        if end - start == 1 and source[start] == ch:
            builder.raw(ch, start)
        else:
            builder.decoded(ch, start, max(end, start))
    return builder.build()[1]


def blank_out(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span replaced by spaces (newlines kept), so lengths and lines never shift."""
    parts: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        if end <= start:
            continue
        parts.append(text[pos:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
