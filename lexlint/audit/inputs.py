"""A helpdesk export read as rows, a partition of records at a time: JSON Lines, CSV (or TSV), Parquet, or a
Zendesk ticket export. The file is streamed, never read whole, so memory stays flat however big it is.

Each row is one reply: its text and, where the export has them, who sent it, the macro it came from, when, the
channel, the ticket and the customer's message it answers. A record that cannot be read (a line that is not
JSON, text that is not UTF-8) is counted and skipped, never silently: the audit reports how many and the first.

A Zendesk export is one ticket per line (the Incremental Exports and Tickets API shape, or a page of them
under "tickets"), each with its `comments`. An agent's public comment is a reply (the author's role read from
the comment's `author`, the ticket's `users`, else anyone but the requester is staff); the last public comment
before it by anyone else is the customer's message it answers. Internal notes are not customer-facing and are
left out."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, NamedTuple

from lexlint.audit.columns import USUAL, Columns
from lexlint.errors import InputError
from lexlint.sources.jsonl import parse_time

KINDS = ("jsonl", "csv", "parquet", "zendesk")
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "csv"}
EXTENSIONS |= {".parquet": "parquet", ".pq": "parquet"}
STAFF_ROLES = frozenset({"agent", "admin"})
PARQUET_BATCH = 8192
MILLISECONDS_FROM = 1e11  # an epoch number past this is in milliseconds (1e11 seconds is the year 5138)


class Row(NamedTuple):
    """One reply. A named tuple: an audit makes one per row, and pickles them to the workers."""

    message: int  # 1-based, unique in the export: the key the tables join on
    record: int  # the 1-based record it came from (a line, a CSV row, a Parquet row, a ticket)
    text: str
    agent: str | None = None
    macro: str | None = None
    time: float | None = None  # a UTC timestamp
    channel: str | None = None  # as the helpdesk names it
    ticket: str | None = None
    context: str = ""
    id: str | None = None


class Partition(NamedTuple):
    number: int  # 0-based, in the export's order
    rows: tuple[Row, ...]
    records: int  # records read for it (rows, or tickets), read or not
    unreadable: tuple[tuple[int, str], ...] = ()  # (record, why) for each record skipped


@dataclass(frozen=True)
class Export:
    path: str
    kind: str
    columns: Columns  # every role the export has filled in
    records: int  # how many records it holds (for the progress bar and the partitions' count)


def kind_of(path: str, given: str | None = None) -> str:
    """The export's kind: as given, else by its extension (a JSON file whose first record holds `comments`
    or `tickets` is a Zendesk export)."""
    if given:
        if given not in KINDS:
            raise InputError(f"unknown export format {given!r}; choose from {', '.join(KINDS)}", path)
        return given
    kind = EXTENSIONS.get(os.path.splitext(path)[1].lower())
    if kind is None:
        raise InputError(
            f"cannot tell the export's format by its name; choose one with --format ({', '.join(KINDS)})", path
        )
    if kind == "jsonl":
        first = _first_record(path)
        if isinstance(first, dict) and (isinstance(first.get("comments"), list) or "tickets" in first):
            return "zendesk"
    return kind


def open_export(path: str, kind: str, columns: Columns) -> Export:
    """The export with its columns filled in from its header (or first record), and its records counted.
    Raises InputError when it cannot be read or has no text column."""
    try:
        names, count = _survey(path, kind)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    # a Zendesk comment's author, time, channel and id are read as Zendesk writes them unless mapped
    filled = columns.fill(dict.fromkeys(names)) if kind != "zendesk" else replace(columns, text=columns.text or "body")
    if kind != "zendesk" and names and filled.text not in names:
        looked = filled.text or ", ".join(USUAL["text"])
        raise InputError(
            f"no text column found (looked for {looked}; columns are {', '.join(names)}); choose one with --text", path
        )
    return Export(path, kind, filled, count)


def partitions(export: Export, size: int) -> Iterator[Partition]:
    """The export in partitions of `size` records, in order; partition k always holds the same records."""
    rows: list[Row] = []
    unreadable: list[tuple[int, str]] = []
    number = taken = 0
    message = 1
    for at, record in _records(export):
        if isinstance(record, str):
            unreadable.append((at, record))
        else:
            for row in _rows(export, at, record):
                rows.append(row._replace(message=message))
                message += 1
        taken += 1
        if taken == size:
            yield Partition(number, tuple(rows), taken, tuple(unreadable))
            rows, unreadable, number, taken = [], [], number + 1, 0
    if taken:
        yield Partition(number, tuple(rows), taken, tuple(unreadable))


def partition_count(export: Export, size: int) -> int:
    return max(1, -(-export.records // size))


# ---- reading records -------------------------------------------------------------------------------


def _first_record(path: str) -> object:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return None
    line = next((ln for ln in head.splitlines() if ln.strip()), b"")
    try:
        return json.loads(line)
    except ValueError:
        try:
            return json.loads(head)  # a page of tickets written over several lines
        except ValueError:
            return None


def _survey(path: str, kind: str) -> tuple[list[str], int]:
    """The export's column names (a header, a schema, the first record's keys) and its record count."""
    if kind == "parquet":
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path)
        return list(meta.schema_arrow.names), meta.metadata.num_rows
    if kind == "csv":
        count, names = 0, []
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
            reader = csv.reader(fh, delimiter=_delimiter(path))
            names = [n.strip() for n in next(reader, [])]
            for _ in reader:
                count += 1
        return names, count
    count, keys = 0, list[str]()
    for _number, record in _json_records(path):
        count += 1
        if not keys and isinstance(record, dict):
            keys = list(_zendesk_keys(record) if kind == "zendesk" else record)
    return keys, count


def _zendesk_keys(ticket: dict[str, Any]) -> list[str]:
    """The fields of a ticket's comments, which the columns name (a page's first ticket's, for a page)."""
    if isinstance(ticket.get("tickets"), list) and ticket["tickets"]:
        ticket = ticket["tickets"][0]
    comments = ticket.get("comments")
    first = comments[0] if isinstance(comments, list) and comments and isinstance(comments[0], dict) else {}
    return list(first)


def _delimiter(path: str) -> str:
    return "\t" if path.lower().endswith(".tsv") else ","


def _records(export: Export) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(record number, record) for each record; a string for one that cannot be read: why."""
    if export.kind == "parquet":
        yield from _parquet_records(export)
    elif export.kind == "csv":
        yield from _csv_records(export.path)
    else:
        yield from _json_records(export.path)


def _json_records(path: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each line's object (a page of tickets, one record per ticket); a line of another shape is unreadable."""
    number = 0
    with open(path, "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (ValueError, RecursionError) as exc:
                if number == 0 and line.lstrip().startswith((b"{", b"[")):
                    yield from _json_document(path)  # one JSON document over many lines
                    return
                number += 1
                yield number, f"line is not JSON ({str(exc)[:80]})"
                continue
            if isinstance(record, dict) and isinstance(record.get("tickets"), list):
                for ticket in record["tickets"]:
                    number += 1
                    yield number, ticket if isinstance(ticket, dict) else "a ticket that is not an object"
                continue
            number += 1
            yield number, record if isinstance(record, dict) else "a record that is not an object"


def _json_document(path: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """A whole JSON file: {"tickets": [...]} or a list of records (read at once: a page, not an export)."""
    with open(path, "rb") as fh:
        try:
            doc = json.load(fh)
        except (ValueError, RecursionError) as exc:
            yield 1, f"not JSON ({str(exc)[:80]})"
            return
    items = doc.get("tickets") if isinstance(doc, dict) else doc
    for number, item in enumerate(items if isinstance(items, list) else [doc], 1):
        yield number, item if isinstance(item, dict) else "a record that is not an object"


def _csv_records(path: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each row by the header's names (bytes that are not UTF-8 read as U+FFFD, as a reply's text may hold)."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.reader(fh, delimiter=_delimiter(path))
        names = [n.strip() for n in next(reader, [])]
        for number, values in enumerate(reader, 1):
            yield number, dict(zip(names, values))


def _parquet_records(export: Export) -> Iterator[tuple[int, dict[str, Any] | str]]:
    import pyarrow.parquet as pq

    wanted = sorted(set(export.columns.used().values()))
    number = 0
    for batch in pq.ParquetFile(export.path).iter_batches(batch_size=PARQUET_BATCH, columns=wanted):
        for record in batch.to_pylist():
            number += 1
            yield number, record


# ---- records to rows -------------------------------------------------------------------------------


def _rows(export: Export, number: int, record: dict[str, Any]) -> Iterator[Row]:
    if export.kind == "zendesk":
        yield from _ticket_rows(export.columns, number, record)
        return
    c = export.columns
    text = record.get(c.text) if c.text else None
    if not isinstance(text, str) or not text.strip():
        return
    yield Row(
        0,
        number,
        text,
        agent=_label(record, c.agent),
        macro=_label(record, c.macro),
        time=_when(record.get(c.time)) if c.time else None,
        channel=_channel(record.get(c.channel)) if c.channel else None,
        ticket=_label(record, c.ticket),
        context=_text(record.get(c.context)) if c.context else "",
        id=_label(record, c.id),
    )


def _ticket_rows(c: Columns, number: int, ticket: dict[str, Any]) -> Iterator[Row]:
    """Each agent's public comment of a ticket, with the customer's comment before it as its context."""
    comments = [m for m in ticket.get("comments") or () if isinstance(m, dict)]
    roles = {str(u.get("id")): u for u in ticket.get("users") or () if isinstance(u, dict)}
    requester = str(ticket.get("requester_id")) if ticket.get("requester_id") is not None else None
    channel = _channel(ticket.get("via"))
    last_customer = ""
    for comment in comments:
        if comment.get("public") is False:
            continue
        text = (
            _text(comment.get(c.text or "body")) or _text(comment.get("plain_body")) or _text(comment.get("html_body"))
        )
        author = str(comment.get("author_id")) if comment.get("author_id") is not None else None
        if not _is_staff(comment, roles.get(author or ""), author, requester):
            last_customer = text or last_customer
            continue
        if not text.strip():
            continue
        user: dict[str, Any] = roles.get(author or "") or _mapping(comment.get("author"))
        yield Row(
            0,
            number,
            text,
            agent=_label(comment, c.agent) if c.agent else (str(user.get("name") or author) if author else None),
            macro=_label(comment, c.macro) if c.macro else _label(comment, "macro_id"),
            time=_when(comment.get(c.time or "created_at")),
            channel=_channel(comment.get(c.channel or "via")) or channel,
            ticket=_label(ticket, "id"),
            context=last_customer,
            id=_label(comment, c.id or "id"),
        )


def _is_staff(comment: dict[str, Any], user: dict[str, Any] | None, author: str | None, requester: str | None) -> bool:
    """Whether a comment's author answers for the company: their role where the export gives it, else
    anyone but the ticket's requester."""
    for holder in (comment.get("author"), user, comment):
        if isinstance(holder, dict):
            role = holder.get("role") if holder is not comment else holder.get("author_role")
            if isinstance(role, str):
                return role.lower() in STAFF_ROLES
    return author is not None and author != requester


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _label(record: dict[str, Any], name: str | None) -> str | None:
    value = record.get(name) if name else None
    if value is None or value == "":
        return None
    return str(value)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _channel(value: object) -> str | None:
    """A channel's name: as written, or Zendesk's `via: {"channel": …}`."""
    if isinstance(value, dict):
        value = value.get("channel")
    return value if isinstance(value, str) and value else None


def _when(value: object) -> float | None:
    """A time as a UTC timestamp: text (ISO 8601, Twitter's form), a datetime, or an epoch number."""
    if isinstance(value, str):
        return parse_time(value.strip())
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) / (1000 if abs(value) > MILLISECONDS_FROM else 1)
    return None
