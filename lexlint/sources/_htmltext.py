"""The visible text of HTML, with a map back into the markup.

Tags and comments vanish, entities are decoded, script/style/head contents are skipped, and block
elements become a blank line ("\\n\\n") so sentences never run across them."""
from __future__ import annotations

import html
import re

from lexlint.segments import OffsetMap, OffsetMapBuilder

TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<![^>]*>|<\?[^>]*>"
    r"|<(?P<close>/)?(?P<tag>[A-Za-z][\w:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)",
    re.S,
)
SKIP = frozenset({"script", "style", "head", "title", "template", "noscript", "svg"})
BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
HTML_HINT = re.compile(r"<(?:p|br|div|span|a|b|i|u|strong|em|ul|ol|li|h[1-6]|table|img|blockquote|html|body)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    return HTML_HINT.search(text) is not None


def visible_text(markup: str) -> tuple[str, OffsetMap]:
    """The text a reader sees in `markup`, and its map into `markup`."""
    builder = OffsetMapBuilder()
    pos = 0
    at_break = True  # no break at the start, nor two in a row
    end = len(markup)
    while pos < end:
        m = TOKEN.search(markup, pos)
        stop = m.start() if m else end
        if stop > pos:
            builder.raw(markup[pos:stop], pos)
            at_break = at_break and markup[pos:stop].isspace()
        if m is None:
            break
        pos = m.end()
        if m.group("entity"):
            char = html.unescape(m.group())
            if char == m.group():
                builder.raw(char, m.start())
            else:
                builder.decoded(char, m.start(), m.end())
            at_break = False
            continue
        tag = (m.group("tag") or "").lower()
        if tag in SKIP and not m.group("close") and not m.group().endswith("/>"):
            close = re.compile(rf"</{tag}\s*>", re.I).search(markup, pos)
            pos = close.end() if close else end
        elif tag in BLOCK and not at_break:
            builder.decoded("\n\n", m.start(), m.end())
            at_break = True
    return builder.build()
