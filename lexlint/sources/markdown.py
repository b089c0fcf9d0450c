"""Markdown: one segment; code, link URLs, images, HTML comments and tags are blanked (same length). A letter,
or a tweet or chat reply when it opens with an @mention."""

from __future__ import annotations

from lexlint.sources import ReadOptions
from lexlint.sources._located import blank_out
from lexlint.sources._mdmask import non_prose
from lexlint.sources._segment import draft_channel, make_segment
from lexlint.sources.segments import OffsetMap, Segment
from lexlint.sources.writeback import PLAIN

NAME = "markdown"
EXTENSIONS = (".md", ".markdown")
sniff = None  # read whatever has its extensions (no content test)
rewrites = PLAIN


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    prose = blank_out(text, non_prose(text))
    offsets = OffsetMap.identity(len(text))
    return [
        make_segment(path, text, prose, offsets, (0, len(text)), channel=draft_channel(prose), context=options.context)
    ]
