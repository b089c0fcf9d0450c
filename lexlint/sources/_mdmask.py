"""Markdown constructs that are not prose, as spans: code, URLs, HTML comments and tags.

Every scan here is linear in the text: no pattern's body may hold the character its own kind starts
with (an unclosed image, link or autolink stops at the next one instead of running on to the end of its
line each time), code spans pair backtick runs in one pass, and the look-ups behind and before a match
(the paragraph before an indented block, the `[` before a link's URL) are binary searches over positions
found once."""

from __future__ import annotations

import bisect
import re

Span = tuple[int, int]

# The fence's run is taken whole (possessive): trying each shorter run against the rest of the line would
# be quadratic in a long one.
FENCE = re.compile(
    r"^[ ]{0,3}(`{3,}+|~{3,}+)[^\n]*\n(?:.*?\n)??[ ]{0,3}\1[`~]*[ \t]*(?:\n|\Z)"
    r"|^[ ]{0,3}(`{3,}+|~{3,}+)[^\n]*(?:\n.*)?\Z",
    re.M | re.S,
)
INDENTED = re.compile(r"(?:\A|\n[ \t]*\n)((?:(?:    |\t)[^\n]*(?:\n|\Z))+)")
LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]", re.M)
BACKTICKS = re.compile(r"`+")
INLINE = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<image>!\[[^\[\]\n]*\]\([^()\n]*\))"
    r"|(?P<linkurl>\]\((?:<[^<>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)?)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\))"
    r"|(?P<refdef>^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*)"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^<>\s]*>)"
    r"|(?P<url>\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"])"
    r"|(?P<tag></?[A-Za-z][\w-]*+(?:\s[^<>]*)?/?>)",
    re.M | re.S,
)


def _code_blocks(text: str) -> list[Span]:
    fences = [m.span() for m in FENCE.finditer(text)]
    fence_starts = [a for a, _ in fences]
    breaks = [m.start() for m in re.finditer(r"(?=\n\n)", text)]  # where text.rfind("\n\n") could land
    items = [m.start() for m in LIST_ITEM.finditer(text)]
    spans = list(fences)
    for m in INDENTED.finditer(text):
        start = m.start(1)
        k = bisect.bisect_right(breaks, start - 2) - 1  # the last blank line ending before the block
        paragraph_start = breaks[k] + 2 if k >= 0 else 0
        in_list = bisect.bisect_left(items, paragraph_start) < bisect.bisect_left(items, start)
        if in_list or _inside(fences, fence_starts, start):
            continue
        spans.append((start, m.end(1)))
    return spans


def _code_spans(text: str, blocks: list[Span], starts: list[int]) -> list[Span]:
    """Inline code: a run of backticks up to the next run of the same length (CommonMark's rule), the
    runs paired in one pass from the end (the next run of each length) and one from the start."""
    runs = [m.span() for m in BACKTICKS.finditer(text) if not _inside(blocks, starts, m.start())]
    closer: list[int | None] = [None] * len(runs)
    next_of_length: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        closer[i] = next_of_length.get(length)
        next_of_length[length] = i
    spans: list[Span] = []
    i = 0
    while i < len(runs):
        j = closer[i]
        if j is None:
            i += 1
            continue
        spans.append((runs[i][0], runs[j][1]))
        i = j + 1
    return spans


def _inside(blocks: list[Span], starts: list[int], pos: int) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and pos < blocks[k][1]


def non_prose(text: str) -> list[Span]:
    """Spans of `text` that are Markdown code, link URLs, images, HTML comments or tags."""
    blocks = sorted(_code_blocks(text))
    starts = [a for a, _ in blocks]
    code = _code_spans(text, blocks, starts)
    code_starts = [a for a, _ in code]
    spans = blocks + code
    brackets = [m.start() for m in re.finditer(r"\[", text)]
    for m in INLINE.finditer(text):
        if _inside(blocks, starts, m.start()) or _inside(code, code_starts, m.start()):
            continue
        if m.lastgroup == "linkurl":
            k = bisect.bisect_left(brackets, m.start()) - 1  # the link text's opening bracket
            if k >= 0:
                spans.append((brackets[k], brackets[k] + 1))
        spans.append(m.span())
    return spans
