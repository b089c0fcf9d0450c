"""Writing a fix back into a reader's file: each reader's `rewrites`. The default splices the new words
in where the old ones stood, escaped as the file writes its text (a JSON string, HTML text, a CSV field …)."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from lexlint.errors import Unwritable
from lexlint.sources.segments import Segment, foreign
from lexlint.spans import replace_spans

Escape = Callable[[str], str]


class Edit(NamedTuple):
    """One fix to write: a span of a segment's text, the words that replace it, and the file span that
    segment span stands for."""

    segment: Segment
    start: int
    end: int
    text: str
    file_start: int
    file_end: int


# The file's text with the edits written in, once for each way the new words may be written (most specific
# first): a fix keeps the first that reads back as expected. Unwritable when the edits cannot be written.
Rewrites = Callable[[str, Sequence[Edit]], Iterator[str]]


def as_is(text: str) -> str:
    return text


def json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]


def html_text(text: str) -> str:
    return html.escape(text, quote=False)


def html_in_json(text: str) -> str:
    return json_string(html_text(text))


def csv_quoted(text: str) -> str:
    return text.replace('"', '""')


def yaml_single_quoted(text: str) -> str:
    return text.replace("'", "''")


def spliced(*escapes: Escape) -> Rewrites:
    """Rewrites that splice the new words into the file, escaped each of these ways in turn, once every file
    character an edit replaces is shown to stand for a character of the matched words alone (`foreign`: no
    tag, comment, masked span or shared escape inside the match)."""

    def rewrites(source: str, edits: Sequence[Edit]) -> Iterator[str]:
        for e in edits:
            seg = e.segment
            why = foreign(seg.unmasked_text or seg.text, seg.offsets, seg.source, e.start, e.end)
            if why:
                raise Unwritable(why)
        for escape in escapes:
            yield replace_spans(source, [(e.file_start, e.file_end, escape(e.text)) for e in edits])

    return rewrites


PLAIN = spliced(as_is)  # the new words as they are: plain text, Markdown, a script
