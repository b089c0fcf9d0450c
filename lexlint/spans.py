"""Spans of a text: containment among token spans, in O(n log n) (a long text may hold thousands of
matches), and replacing many spans in one pass."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Cover:
    """Answers: does any of these spans contain [start, end)?"""

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, e in ordered:
            furthest = max(furthest, e)
            self._reach.append(furthest)

    def covers(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end


def nested(spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside another, different span."""
    out: set[tuple[int, int]] = set()
    furthest = -1
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if furthest >= end:
            out.add((start, end))
        furthest = max(furthest, end)
    return out


def replace_spans(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each [start, end) replaced by its new text; the spans must not overlap. One join, so a
    file with thousands of fixes is rebuilt once, not once per fix."""
    parts: list[str] = []
    pos = 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        parts += (text[pos:start], new)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
