"""Template files (Liquid, Handlebars/Mustache, Jinja): the text a template renders, as one segment that is a
template, not a draft. Its placeholders are masked as a macro's are (`{{name}}` reads as a word; leftover-
placeholder does not apply), block tags (`{% if %}…{% endif %}`, `{{#if}}…{{/if}}`) are blanked as markup, and
comments (`{# … #}`, `{{!-- … --}}`, `{% comment %}…{% endcomment %}`) are blanked whole. A template written
in HTML (an e-mail body) is read for its visible text, as an HTML file is."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lexlint.sources import ReadOptions
from lexlint.sources._htmltext import looks_like_html, visible_text
from lexlint.sources._located import blank_out
from lexlint.sources._segment import make_segment
from lexlint.sources.segments import OffsetMap, Segment
from lexlint.sources.writeback import PLAIN, Edit, as_is, html_text, spliced

NAME = "template"
EXTENSIONS = (".liquid", ".hbs", ".handlebars", ".mustache", ".j2", ".jinja", ".jinja2")
sniff = None  # read whatever has its extensions (no content test)

# (opening, closing) of each comment form; the closing is searched for with str.find, so many openings
# that never close cost one scan of the rest of the text, not one each
COMMENTS = (
    (re.compile(r"\{\{~?!--"), re.compile(r"--~?\}\}")),
    (re.compile(r"(?<!\{)\{#"), re.compile(r"#\}")),  # Jinja's; `{{#if}}` opens a Handlebars block
    (re.compile(r"\{%-?\s*comment\s*-?%\}"), re.compile(r"\{%-?\s*endcomment\s*-?%\}")),
)
_HTML_REWRITES = spliced(html_text, as_is)


def comments(text: str) -> list[tuple[int, int]]:
    """Spans of template comments, each from its opening to its closing (one that never closes is text: the
    template engine would refuse it, and lexlint reads on)."""
    if "{" not in text:
        return []
    spans: list[tuple[int, int]] = []
    for opening, closing in COMMENTS:
        pos = 0
        while (m := opening.search(text, pos)) is not None:
            end = closing.search(text, m.end())
            if end is None:
                break
            spans.append((m.start(), end.end()))
            pos = end.end()
    return spans


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    if looks_like_html(text):
        prose, offsets = visible_text(text)
    else:
        prose, offsets = text, OffsetMap.identity(len(text))
    prose = blank_out(prose, comments(prose))
    if not prose.strip():
        return []
    return [make_segment(path, text, prose, offsets, (0, len(text)), channel="template", context=options.context)]


def rewrites(source: str, edits: Sequence[Edit]) -> Iterator[str]:
    """New words escaped as HTML text in an HTML template, as they are in any other."""
    return (_HTML_REWRITES if looks_like_html(source) else PLAIN)(source, edits)
