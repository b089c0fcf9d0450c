"""JSON parsed with the file position of every string value, and each string's map back into the file.

`loads` is json.loads with one change: string values come back as `LocStr`, a str that knows where its
quoted token sits. `json_string_map` decodes a token's escapes (\\n, \\", \\u00e9, surrogate pairs)
mapping each decoded character to the escape's characters in the file."""
from __future__ import annotations

import json
import re
from json import decoder, scanner
from typing import Any

from lexlint.segments import OffsetMap
from lexlint.sources._located import unescape_map

ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.", re.S)


class LocStr(str):
    """A string value and where its token is in the file: source[start:end] (quotes included for JSON)."""

    start: int
    end: int
    style: str  # "json", or the YAML scalar style ("", "|", ">", "'", '"')


def located(value: str, start: int, end: int, style: str) -> LocStr:
    out = LocStr(value)
    out.start, out.end, out.style = start, end, style
    return out


class _Decoder(json.JSONDecoder):
    def __init__(self, base: int) -> None:
        super().__init__()

        def parse_string(s: str, end: int, strict: bool) -> tuple[LocStr, int]:
            value, stop = decoder.scanstring(s, end, strict)
            return located(value, base + end - 1, base + stop, "json"), stop

        self.parse_string = parse_string
        self.scan_once = scanner.py_make_scanner(self)


def loads(text: str, base: int = 0) -> Any:
    """json.loads, with LocStr values placed at `base` + their offset in `text`. Raises json.JSONDecodeError."""
    return _Decoder(base).decode(text)


def json_string_map(source: str, value: LocStr) -> tuple[str, OffsetMap]:
    """The decoded text of a JSON string token and its map into `source`."""
    return unescape_map(source[value.start + 1 : value.end - 1], value.start + 1, ESCAPE, lambda e: json.loads(f'"{e}"'))
