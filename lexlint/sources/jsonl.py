"""JSON Lines exports: one object per line; `--field` (default: text, body, message …) is linted,
`--context-field` (default: customer_text, context …) becomes the segment's context.

A reply sent as several rows (a tweet thread "1/2", "2/2"; chat messages sent one after another) is read
as one message: rows by the same author (author_id, author …) answering the same message
(in_response_to_tweet_id, in_reply_to …) are joined in the order they were sent (created_at, else file
order), so that an apology in the first part and the fix in the second count together."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

from lexlint.errors import InputError, NothingToLint
from lexlint.sources import ReadOptions
from lexlint.sources._fields import CONTEXT_FIELDS, TEXT_FIELDS, first_field
from lexlint.sources._jsonpos import LocStr, loads, place_top_level, problem, unique_object
from lexlint.sources._macros import select
from lexlint.sources._strings import string_segment
from lexlint.sources.segments import LINE_BREAK, Segment, joined
from lexlint.sources.writeback import html_in_json, json_string, spliced

NAME = "jsonl"
EXTENSIONS = (".jsonl", ".ndjson")
sniff = None  # read whatever has its extensions (no content test)
rewrites = spliced(json_string, html_in_json)  # a JSON string, which may hold HTML
AUTHOR_FIELDS = ("author_id", "author", "agent_id", "agent")
REPLY_TO_FIELDS = ("in_response_to_tweet_id", "in_reply_to", "in_reply_to_id", "reply_to")
TIME_FIELDS = ("created_at", "timestamp", "sent_at", "time")
TIME_FORMATS = ("%a %b %d %H:%M:%S %z %Y",)  # Twitter's; ISO 8601 is read by fromisoformat


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(line number, offset, line) for each line, ended as LineIndex ends lines (never at a U+2028 or a
    form feed, which a JSON string may hold as written)."""
    start, number = 0, 1
    for m in LINE_BREAK.finditer(text):
        yield number, start, text[start : m.end()]
        start, number = m.end(), number + 1
    if start < len(text):
        yield number, start, text[start:]


def reply_key(record: dict[str, object]) -> tuple[str, str] | None:
    """Who answered which message: rows with the same key are parts of one reply."""
    author = first_field(record, (), AUTHOR_FIELDS)
    reply_to = first_field(record, (), REPLY_TO_FIELDS)
    if author is None or reply_to is None or record[author] in (None, "") or record[reply_to] in (None, ""):
        return None
    return str(record[author]), str(record[reply_to])


def sent_at(record: dict[str, object]) -> float | None:
    """When a row was sent, as a timestamp, when it says so in a form this reader knows."""
    name = first_field(record, (), TIME_FIELDS)
    value = record.get(name) if name else None
    return parse_time(value) if isinstance(value, str) else None


# Twitter's form read without strptime, which costs about ten times as much (an export has a time a row)
_TWITTER = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d\d) (\d\d):(\d\d):(\d\d) ([+-]\d\d)([0-5]\d) (\d{4})",
    re.ASCII,  # strptime reads ASCII digits only
)
_MONTHS = {
    m: n for n, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)
}


def parse_time(value: str) -> float | None:
    """A time written in ISO 8601 or as Twitter writes it, as a timestamp; None for any other text."""
    twitter = _TWITTER.fullmatch(value)
    if twitter and twitter[1] in _MONTHS:
        month, (day, hour, minute, second, zone_hours, zone_minutes, year) = _MONTHS[twitter[1]], twitter.groups()[1:]
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes) * (-1 if zone_hours[0] == "-" else 1))
        try:
            when = datetime(int(year), month, int(day), int(hour), int(minute), int(second), tzinfo=timezone(offset))
            return when.timestamp()
        except (ValueError, OverflowError, OSError):
            pass  # as strptime has it: a day or an offset out of range is no time
    for parse in (datetime.fromisoformat, *(lambda v, f=f: datetime.strptime(v, f) for f in TIME_FORMATS)):
        try:
            when = parse(value)
        except (ValueError, OverflowError, OSError):
            continue
        try:  # a time without a zone is read as UTC, so the order never depends on the machine's zone
            return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
        except (ValueError, OverflowError, OSError):
            return None
    return None


def reply_groups(records: list[dict[str, object]]) -> list[list[int]]:
    """Indexes of `records` grouped into replies, each group in the order its parts were sent, groups in
    the order of their first row in the file."""
    groups: dict[object, list[int]] = {}
    for i, record in enumerate(records):
        key = reply_key(record)
        groups.setdefault(key if key is not None else ("row", i), []).append(i)
    out = []
    for members in groups.values():
        times = [sent_at(records[i]) for i in members]
        if len(members) > 1 and None not in times:
            members = [i for _t, i in sorted(zip(times, members))]
        out.append(members)
    return sorted(out, key=min)


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
    rows: list[tuple[int, dict[str, object], list[Segment]]] = []  # line number, record, its segments
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
        row_segments = []
        for value in values:
            if isinstance(value, LocStr):
                seen_field = True
                seg = string_segment(
                    path, text, value, name=f"line {number}", channel="chat", context=str(context or options.context)
                )
                if seg is not None:
                    row_segments.append(seg)
        if row_segments:
            rows.append((number, record, row_segments))
    if text.strip() and not seen_field:
        wanted = ", ".join(options.fields or TEXT_FIELDS)
        raise NothingToLint(f"no text fields found (looked for {wanted}); choose one with --field", path)
    segments: list[Segment] = []
    for group in reply_groups([record for _n, record, _s in rows]):
        if len(group) == 1:
            segments.extend(rows[group[0]][2])
        else:
            name = "lines " + ", ".join(str(rows[i][0]) for i in group)
            segments.append(joined([seg for i in group for seg in rows[i][2]], name))
    return segments
