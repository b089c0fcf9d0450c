"""CSV / TSV exports: `--column` (default: text, body, message …) is linted, row by row;
`--context-column` (default: customer_text, context …) becomes the context. Quoted fields ("" escapes,
embedded newlines) map back to their characters in the file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lexlint.errors import NothingToLint
from lexlint.sources import ReadOptions
from lexlint.sources._fields import CONTEXT_FIELDS, TEXT_FIELDS, first_field
from lexlint.sources._jsonpos import LocStr, located
from lexlint.sources._strings import string_segment
from lexlint.sources.segments import LINE_BREAK, Segment, count_breaks
from lexlint.sources.writeback import as_is, csv_quoted, html_text, spliced

NAME = "csv"
EXTENSIONS = (".csv", ".tsv")
sniff = None  # read whatever has its extensions (no content test)
rewrites = spliced(as_is, csv_quoted, html_text)  # a bare field, a quoted one, HTML inside either
Field = tuple[int, int, bool]  # where a field's characters are (quotes included), and whether it is quoted


def _field_pattern(delimiter: str) -> re.Pattern[str]:
    """One field and the delimiter after it, if any: a quoted field ("" escapes, line breaks inside),
    else everything up to the next delimiter or line break (an unclosed quote stays part of the text)."""
    d = re.escape(delimiter)
    return re.compile(rf'(?:("(?:[^"]|"")*")|[^{d}\r\n]*)({d})?')


def records(text: str, delimiter: str) -> Iterator[tuple[int, list[Field]]]:
    """(line number, fields) for each record; what follows a record's last field up to the line break
    (a \r, a stray character after a closing quote) is not part of it."""
    match = _field_pattern(delimiter).match
    pos, line, end = 0, 1, len(text)
    while pos < end:
        start, row = pos, []
        while True:
            m = match(text, pos)
            assert m is not None  # every alternative of the field pattern may match the empty string
            quoted_end, after = m.end(1), m.start(2)
            row.append((pos, quoted_end, True) if quoted_end >= 0 else (pos, after if after >= 0 else m.end(), False))
            pos = m.end()
            if after < 0:
                break
        stop = LINE_BREAK.search(text, pos)  # \r\n, \n, or a lone \r (old Mac line endings)
        pos = end if stop is None else stop.end()
        yield line, row
        line += count_breaks(text, start, pos)


def _value(text: str, field: Field) -> LocStr:
    start, end, quoted = field
    if quoted:
        return located(text[start + 1 : end - 1].replace('""', '"'), start, end, "csv")
    return located(text[start:end], start, end, "raw")


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    delimiter = "\t" if path.lower().endswith(".tsv") else ","
    rows = records(text, delimiter)
    header: dict[str, list[int]] = {}  # a name written twice is two columns, both read
    for i, h in enumerate(next(rows)[1]):
        header.setdefault(_value(text, h).strip(), []).append(i)
    column = first_field(header, (options.column,) if options.column else (), TEXT_FIELDS)
    if column is None:
        wanted = options.column or ", ".join(TEXT_FIELDS)
        raise NothingToLint(
            f"no text column found (looked for {wanted}; columns are {', '.join(header)}); choose one with --column",
            path,
        )
    context_name = first_field(header, (options.context_field,) if options.context_field else (), CONTEXT_FIELDS)
    segments = []
    for line, row in rows:
        contexts = [str(_value(text, row[i])) for i in header.get(context_name or "", []) if i < len(row)]
        context = "\n\n".join(c for c in contexts if c.strip()) if contexts else options.context
        for i in header[column]:
            if i >= len(row):
                continue
            seg = string_segment(path, text, _value(text, row[i]), name=f"row {line}", channel="chat", context=context)
            if seg is not None:
                segments.append(seg)
    return segments
