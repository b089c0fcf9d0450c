"""Plain text: the whole file is one segment, a draft about to be sent (a letter, or a tweet or chat reply
when it opens with an @mention).

Suppression directives on their own lines are blanked out of the prose; positions are unchanged."""

from __future__ import annotations

from lexlint.sources import ReadOptions, suppress
from lexlint.sources._located import blank_out
from lexlint.sources._segment import draft_channel, make_segment
from lexlint.sources.segments import OffsetMap, Segment
from lexlint.sources.writeback import PLAIN

NAME = "text"
EXTENSIONS = (".txt", ".text")
sniff = None  # read whatever has its extensions (no content test)
rewrites = PLAIN


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text or text.isspace():  # isspace, unlike strip, copies nothing
        return []
    prose = blank_out(text, suppress.directive_spans(text)) if "lexlint-" in text else text
    offsets = OffsetMap.identity(len(text))
    return [
        make_segment(
            path,
            text,
            prose,
            offsets,
            (0, len(text)),
            channel=draft_channel(prose),
            context=options.context,
            draft=True,
        )
    ]
