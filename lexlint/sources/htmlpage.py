"""HTML files (macro and email bodies): the visible text, as one segment mapped into the markup."""

from __future__ import annotations

from lexlint.sources import ReadOptions
from lexlint.sources._htmltext import visible_text
from lexlint.sources._segment import make_segment
from lexlint.sources.segments import Segment
from lexlint.sources.writeback import as_is, html_text, spliced

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")
sniff = None  # read whatever has its extensions (no content test)
rewrites = spliced(html_text, as_is)


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    prose, offsets = visible_text(text)
    if not prose.strip():
        return []
    return [make_segment(path, text, prose, offsets, (0, len(text)), channel="template", context=options.context)]
