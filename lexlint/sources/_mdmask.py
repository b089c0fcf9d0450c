"""Markdown constructs that are not prose, as spans: code, URLs, HTML comments and tags."""
from __future__ import annotations

import bisect
import re

Span = tuple[int, int]

FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ ]{0,3}\1[`~]*[ \t]*(?:\n|\Z)|^[ ]{0,3}(`{3,}|~{3,})[^\n]*(?:\n.*)?\Z", re.M | re.S)
INDENTED = re.compile(r"(?:\A|\n[ \t]*\n)((?:(?:    |\t)[^\n]*(?:\n|\Z))+)")
LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]", re.M)
INLINE = re.compile(
    r"(?P<code>(`+)(?!`).+?(?<!`)\2(?!`))"
    r"|(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<linkurl>\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\))?[^()\s]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\))"
    r"|(?P<refdef>^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*)"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^>\s]*>)"
    r"|(?P<url>\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"])"
    r"|(?P<tag></?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>)",
    re.M | re.S,
)


def _code_blocks(text: str) -> list[Span]:
    fences = [m.span() for m in FENCE.finditer(text)]
    spans = list(fences)
    for m in INDENTED.finditer(text):
        start = m.start(1)
        before = text.rfind("\n\n", 0, start)
        paragraph = text[before + 2 if before != -1 else 0 : start]
        if LIST_ITEM.search(paragraph) or any(a <= start < b for a, b in fences):
            continue
        spans.append((start, m.end(1)))
    return spans


def _inside(blocks: list[Span], starts: list[int], pos: int) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and pos < blocks[k][1]


def non_prose(text: str) -> list[Span]:
    """Spans of `text` that are Markdown code, link URLs, images, HTML comments or tags."""
    blocks = sorted(_code_blocks(text))
    starts = [a for a, _ in blocks]
    spans = list(blocks)
    for m in INLINE.finditer(text):
        if _inside(blocks, starts, m.start()):
            continue
        if m.lastgroup == "linkurl":
            open_ = text.rfind("[", 0, m.start())
            if open_ != -1:
                spans.append((open_, open_ + 1))
        spans.append(m.span())
    return spans
