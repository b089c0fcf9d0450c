"""Segments from located string values (JSON, YAML, CSV fields): decode, strip HTML, map back to the file."""

from __future__ import annotations

import re

from lexlint.errors import NothingToLint
from lexlint.sources import ReadOptions
from lexlint.sources._htmltext import looks_like_html, visible_text
from lexlint.sources._jsonpos import LocStr, json_string_map
from lexlint.sources._located import compose, unescape_map
from lexlint.sources._macros import known_texts, macro_channel, selected_texts
from lexlint.sources._segment import make_segment
from lexlint.sources._yamlpos import yaml_string_map
from lexlint.sources.segments import OffsetMap, Segment

CSV_QUOTE = re.compile('""')


def value_map(source: str, value: LocStr) -> tuple[str, OffsetMap]:
    """The decoded text of `value` and its map into `source`, whatever syntax the value was written in."""
    if value.style == "json":
        return json_string_map(source, value)
    if value.style == "csv":
        return unescape_map(source[value.start + 1 : value.end - 1], value.start + 1, CSV_QUOTE, lambda _: '"')
    if value.style == "raw":
        return str(value), OffsetMap.identity(len(value), value.start)
    return yaml_string_map(source, value)


def string_segment(
    path: str,
    source: str,
    value: LocStr,
    *,
    name: str | None,
    channel: str,
    context: str = "",
    html: bool = False,
) -> Segment | None:
    """The segment for one string value (its visible text, when it is HTML); None when it holds no words."""
    text, offsets = value_map(source, value)
    if html or looks_like_html(text):
        visible, inner = visible_text(text)
        text, offsets = visible, compose(visible, inner, offsets, source)
    if not text.strip():
        return None
    return make_segment(
        path, source, text, offsets, (value.start, value.end), name=name, channel=channel, context=context
    )


def export_segments(path: str, source: str, root: object, options: ReadOptions) -> list[Segment]:
    """One segment per reply in a parsed helpdesk export (JSON or YAML); an InputError when there is none."""
    found = selected_texts(root, options.fields) if options.fields else known_texts(root)
    if not found:
        hint = f"none of --field {', '.join(options.fields)} matched" if options.fields else "no known macro shape"
        raise NothingToLint(
            f"no text fields found ({hint}); choose them with --field, e.g. --field 'macros[*].body'", path
        )
    segments = []
    for f in found:
        context = ""
        if options.context_field and f.parent and isinstance(f.parent.get(options.context_field), str):
            context = str(f.parent[options.context_field])
        seg = string_segment(
            path,
            source,
            f.value,
            name=f.name,
            channel=macro_channel(f, options.channels),
            context=context or options.context,
            html=f.html,
        )
        if seg is not None:
            segments.append(seg)
    return segments
