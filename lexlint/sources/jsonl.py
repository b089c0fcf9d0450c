"""JSON Lines exports: one object per line; `--field` (default: text, body, message …) is linted,
`--context-field` (default: customer_text, context …) becomes the segment's context."""
from __future__ import annotations

import json
from collections.abc import Iterator

from lexlint.errors import InputError, NothingToLint
from lexlint.segments import LINE_BREAK, Segment
from lexlint.sources import ReadOptions
from lexlint.sources._jsonpos import LocStr, loads, place_top_level, problem, unique_object
from lexlint.sources._macros import select
from lexlint.sources._strings import string_segment

NAME = "jsonl"
EXTENSIONS = (".jsonl", ".ndjson")
TEXT_FIELDS = ("text", "body", "message", "reply", "response", "content")
CONTEXT_FIELDS = ("customer_text", "context", "customer_message", "question")


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(line number, offset, line) for each line, ended as LineIndex ends lines (never at a U+2028 or a
    form feed, which a JSON string may hold as written)."""
    start, number = 0, 1
    for m in LINE_BREAK.finditer(text):
        yield number, start, text[start : m.end()]
        start, number = m.end(), number + 1
    if start < len(text):
        yield number, start, text[start:]


def first_field(record: dict[str, object], chosen: tuple[str, ...], defaults: tuple[str, ...]) -> str | None:
    """The first of the chosen (else default) names that `record` has."""
    return next((name for name in chosen or defaults if name in record), None)


def _row(line: str, start: int, options: ReadOptions) -> object:
    """One row, its text field placed in the file: a flat row (the usual export) by json's C parser,
    any other row, or one read with --field, by `loads`, which places every string."""
    if not options.fields:
        try:
            record = json.loads(line, object_pairs_hook=unique_object)
        except (ValueError, RecursionError):
            record = None  # `loads` says why, as it would have
        if isinstance(record, dict):
            name = first_field(record, (), TEXT_FIELDS)
            if name is None or place_top_level(line, record, name, start):
                return record
    return loads(line, base=start)


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    segments: list[Segment] = []
    seen_field = False
    context_fields = (options.context_field,) if options.context_field else CONTEXT_FIELDS
    for number, start, line in _lines(text):
        if not line.strip():
            continue
        try:
            record = _row(line, start, options)
        except (ValueError, RecursionError) as exc:
            found = problem(line, exc, start)
            if found is None:
                raise
            message, _line, column = found
            raise InputError(message, path, number, column) from None
        if not isinstance(record, dict):
            continue
        values = [v for f in options.fields for _, v, _ in select(record, f)] if options.fields else []
        if not options.fields:
            name = first_field(record, (), TEXT_FIELDS)
            values = [record[name]] if name else []
        context_name = first_field(record, (), context_fields)
        context = record.get(context_name) if context_name else None
        for value in values:
            if isinstance(value, LocStr):
                seen_field = True
                seg = string_segment(path, text, value, name=f"line {number}", channel="chat", context=str(context or options.context))
                if seg is not None:
                    segments.append(seg)
    if text.strip() and not seen_field:
        wanted = ", ".join(options.fields or TEXT_FIELDS)
        raise NothingToLint(f"no text fields found (looked for {wanted}); choose one with --field", path)
    return segments
