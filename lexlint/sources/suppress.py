"""Inline suppression directives, parsed with their file positions into Segment.suppressions.

    lexlint-disable ID …            rules off (all when no ID) until lexlint-enable or the end
    lexlint-enable [ID …]           ends the open disables (only the named ones when IDs are given)
    lexlint-disable-next-line ID …  rules off on the next line

They sit in Markdown/HTML comments (`<!-- lexlint-disable you-owe -->`) or on a line of their own in text.
Applying them, and reporting unused ones, is the engine's job.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lexlint.sources.segments import OffsetMap, Suppression, segment_offset

DIRECTIVE = re.compile(
    r"lexlint-(?P<kind>disable-next-line|disable|enable)(?P<ids>(?:[ \t,]+[a-z0-9][a-z0-9_-]*)*)[ \t]*"
)


class Directive(NamedTuple):
    kind: str  # disable | enable | disable-next-line
    rules: tuple[str, ...]
    file_start: int
    file_end: int


def directives(source: str, start: int = 0, end: int | None = None) -> list[Directive]:
    """Every directive in source[start:end], in file order."""
    found = []
    for m in DIRECTIVE.finditer(source, start, len(source) if end is None else end):
        rules = tuple(r for r in re.split(r"[\s,]+", m.group("ids")) if r)
        found.append(Directive(m.group("kind"), rules, m.start(), m.end()))
    return found


def _next_line(source: str, pos: int, end: int) -> tuple[int, int]:
    nl = source.find("\n", pos, end)
    if nl == -1:
        return end, end
    stop = source.find("\n", nl + 1, end)
    return nl + 1, end if stop == -1 else stop


def file_ranges(source: str, start: int, end: int) -> list[tuple[tuple[str, ...], int, int, Directive]]:
    """(rules, file_start, file_end, directive) for each range a directive in source[start:end] switches off."""
    ranges = []
    open_: list[Directive] = []
    for d in directives(source, start, end):
        if d.kind == "disable-next-line":
            a, b = _next_line(source, d.file_end, end)
            ranges.append((d.rules, a, b, d))
        elif d.kind == "disable":
            open_.append(d)
        else:
            closing = [o for o in open_ if not d.rules or set(o.rules) & set(d.rules) or not o.rules]
            for o in closing:
                ranges.append((o.rules, o.file_end, d.file_start, o))
            open_ = [o for o in open_ if o not in closing]
    ranges.extend((o.rules, o.file_end, end, o) for o in open_)
    return sorted(ranges, key=lambda r: r[1])


def parse(source: str, start: int, end: int, offsets: OffsetMap, length: int) -> tuple[Suppression, ...]:
    """Suppressions for a segment of `length` characters whose text comes from source[start:end]."""
    if source.find("lexlint-", start, end) == -1:
        return ()
    return tuple(
        Suppression(
            rules,
            segment_offset(offsets, length, a),
            segment_offset(offsets, length, b),
            d.file_start,
            d.file_end,
        )
        for rules, a, b, d in file_ranges(source, start, end)
    )


def directive_spans(text: str) -> list[tuple[int, int]]:
    """Where the directives sit in `text` (to blank them out of prose)."""
    return [(d.file_start, d.file_end) for d in directives(text)]


# How a directive is written on a line of its own in each reader's files so that it stays out of the
# message: in the format's comment where the message does not show one (DIRECTIVE stands for it). A reader
# not named here (a macro export, CSV, JSONL, e-mail) holds directives only inside a message's own text.
COMMENT_FORMS: dict[str, tuple[str, ...]] = {
    "text": ("DIRECTIVE",),  # the text reader blanks a directive out of the prose
    "markdown": ("<!-- DIRECTIVE -->",),
    "html": ("<!-- DIRECTIVE -->",),
    "script": ("<!-- DIRECTIVE -->",),  # blanked in a Markdown script; a plain-text call has no such place
}
TEMPLATE_COMMENTS: dict[str, str] = {  # by extension: the comment of the template's own language
    ".liquid": "{% comment %}DIRECTIVE{% endcomment %}",
    ".hbs": "{{!-- DIRECTIVE --}}",
    ".handlebars": "{{!-- DIRECTIVE --}}",
    ".mustache": "{{!-- DIRECTIVE --}}",
    ".j2": "{# DIRECTIVE #}",
    ".jinja": "{# DIRECTIVE #}",
    ".jinja2": "{# DIRECTIVE #}",
}


def with_next_line_directive(source: str, offset: int, reader: str, path: str, rules: tuple[str, ...]) -> list[str]:
    """`source` with `rules` switched off on the line holding `offset`: a `lexlint-disable-next-line`
    directive on a line of its own just above it, indented as that line is, once in each comment form the
    reader's files take (none for a reader whose files have no place for one)."""
    forms = COMMENT_FORMS.get(reader, ())
    if reader == "template":
        ext = path[path.rfind(".") :].lower() if "." in path else ""
        forms = (TEMPLATE_COMMENTS[ext],) if ext in TEMPLATE_COMMENTS else ()
    start = max(source.rfind("\n", 0, offset), source.rfind("\r", 0, offset)) + 1
    before = source[start:offset]
    indent = before[: len(before) - len(before.lstrip(" \t"))]
    newline = "\r\n" if "\r\n" in source else "\n"
    directive = "lexlint-disable-next-line " + " ".join(rules)
    lines = (f"{indent}{form.replace('DIRECTIVE', directive)}{newline}" for form in forms)
    return [source[:start] + line + source[start:] for line in lines]
