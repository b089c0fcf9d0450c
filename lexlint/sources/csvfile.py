"""CSV / TSV exports: `--column` (default: text, body, message …) is linted, row by row;
`--context-column` (default: customer_text, context …) becomes the context. Quoted fields ("" escapes,
embedded newlines) map back to their characters in the file."""
from __future__ import annotations

import re
from collections.abc import Iterator

from lexlint.errors import NothingToLint
from lexlint.segments import Segment
from lexlint.sources import ReadOptions
from lexlint.sources._jsonpos import LocStr, located
from lexlint.sources._strings import string_segment
from lexlint.sources.jsonl import CONTEXT_FIELDS, TEXT_FIELDS, first_field

NAME = "csv"
EXTENSIONS = (".csv", ".tsv")
QUOTED = re.compile(r'"(?:[^"]|"")*"')


def records(text: str, delimiter: str) -> Iterator[tuple[int, list[LocStr]]]:
    """(line number, fields) for each record; each field knows where it sits in `text`."""
    unquoted = re.compile(rf"[^{re.escape(delimiter)}\r\n]*")
    pos, line, end = 0, 1, len(text)
    while pos < end:
        first_line, row = line, []
        while True:
            m = QUOTED.match(text, pos) if text.startswith('"', pos) else None
            if m:
                row.append(located(m.group()[1:-1].replace('""', '"'), pos, m.end(), "csv"))
                line += m.group().count("\n")
            else:
                m = unquoted.match(text, pos)
                row.append(located(m.group(), pos, m.end(), "raw"))
            pos = m.end()
            if text.startswith(delimiter, pos):
                pos += len(delimiter)
                continue
            stop = text.find("\n", pos)
            pos = end if stop == -1 else stop + 1
            line += 1
            break
        yield first_line, row


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    delimiter = "\t" if path.lower().endswith(".tsv") else ","
    rows = records(text, delimiter)
    header = {str(h).strip(): i for i, h in enumerate(next(rows)[1])}
    column = first_field(header, (options.column,) if options.column else (), TEXT_FIELDS)
    if column is None:
        wanted = options.column or ", ".join(TEXT_FIELDS)
        raise NothingToLint(f"no text column found (looked for {wanted}; columns are {', '.join(header)}); choose one with --column", path)
    context_name = first_field(header, (options.context_field,) if options.context_field else (), CONTEXT_FIELDS)
    segments = []
    for line, row in rows:
        if len(row) <= header[column]:
            continue
        context = row[header[context_name]] if context_name and len(row) > header[context_name] else options.context
        seg = string_segment(path, text, row[header[column]], name=f"row {line}", channel="chat", context=str(context))
        if seg is not None:
            segments.append(seg)
    return segments
