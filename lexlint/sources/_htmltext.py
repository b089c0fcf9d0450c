"""The visible text of HTML, with a map back into the markup.

Tags and comments vanish, entities are decoded, script/style/head contents are skipped, and block
elements become a blank line ("\\n\\n") so sentences never run across them."""

from __future__ import annotations

import bisect
import html
import re

from lexlint.sources.segments import OffsetMap, OffsetMapBuilder

# A token's start; where a tag or a declaration ends is found by TagEnds, so that however many of them
# never close, the markup is scanned once (a pattern running to the closing '>' from every '<' would scan
# the rest of the markup from each unclosed one).
TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<[!?]"
    r"|<(?P<close>/)?(?P<tag>[A-Za-z][\w:-]*+)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)",
    re.S,
)
SKIP = frozenset({"script", "style", "head", "title", "template", "noscript", "svg"})
BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
HTML_HINT = re.compile(
    r"<(?:p|br|div|span|a|b|i|u|strong|em|ul|ol|li|h[1-6]|table|img|blockquote|html|body)\b[^<>]*>", re.I
)


def looks_like_html(text: str) -> bool:
    return HTML_HINT.search(text) is not None


class TagEnds:
    """Where a tag whose name ends at a position closes: after its first '>' outside quotes (a quote runs
    to the next of its kind), or None when it never closes. It jumps between the markup's '>' and quote
    characters, listed once; the end reached from each of them is kept, so every one is passed at most once
    however many tags are tried."""

    def __init__(self, markup: str) -> None:
        self.markup = markup
        self.marks = [m.start() for m in re.finditer(r"[>\"']", markup)]
        self.quotes = {q: [m.start() for m in re.finditer(q, markup)] for q in "\"'"}
        self.closes = [at for at in self.marks if markup[at] == ">"]
        self.known: dict[int, int | None] = {}  # index into marks, met outside quotes -> the tag's end

    def tag(self, pos: int) -> int | None:
        k = bisect.bisect_left(self.marks, pos)
        passed: list[int] = []
        end: int | None = None
        while k < len(self.marks):
            if k in self.known:
                end = self.known[k]
                break
            passed.append(k)
            at = self.marks[k]
            char = self.markup[at]
            if char == ">":
                end = at + 1
                break
            same = self.quotes[char]
            close = bisect.bisect_right(same, at)
            if close == len(same):
                break
            k = bisect.bisect_right(self.marks, same[close])
        for k in passed:
            self.known[k] = end
        return end

    def declaration(self, pos: int) -> int | None:
        """After the first '>' at or after pos (`<!DOCTYPE …>`, `<?xml …?>`), or None."""
        k = bisect.bisect_left(self.closes, pos)
        return self.closes[k] + 1 if k < len(self.closes) else None


def visible_text(markup: str) -> tuple[str, OffsetMap]:
    """The text a reader sees in `markup`, and its map into `markup`."""
    builder = OffsetMapBuilder()
    ends: TagEnds | None = None
    pos = 0  # the text before the next token starts here
    at = 0  # where to look for the next token
    at_break = True  # no break at the start, nor two in a row
    end = len(markup)
    while pos < end:
        m = TOKEN.search(markup, at)
        token_end = m.end() if m else end
        if m is not None and m.group().startswith("<") and not m.group().startswith("<!--"):
            ends = ends or TagEnds(markup)
            closed = ends.tag(m.end()) if m.group("tag") else ends.declaration(m.end())
            if closed is None:  # a '<' that opens nothing: text
                at = m.start() + 1
                continue
            token_end = closed
        stop = m.start() if m else end
        if stop > pos:
            builder.raw(markup[pos:stop], pos)
            at_break = at_break and markup[pos:stop].isspace()
        if m is None:
            break
        pos = at = token_end
        if m.group("entity"):
            char = html.unescape(m.group())
            if char == m.group():
                builder.raw(char, m.start())
            else:
                builder.decoded(char, m.start(), m.end())
            at_break = False
            continue
        tag = (m.group("tag") or "").lower()
        if tag in SKIP and not m.group("close") and not markup[m.start() : token_end].endswith("/>"):
            close = re.compile(rf"</{tag}\s*>", re.I).search(markup, pos)
            pos = at = close.end() if close else end
        elif tag in BLOCK and not at_break:
            builder.decoded("\n\n", m.start(), token_end)
            at_break = True
    return builder.build()
