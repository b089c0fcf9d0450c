"""JSON parsed with the file position of every string value, and each string's map back into the file.

`loads` is json.loads with one change: string values come back as `LocStr`, a str that knows where its
quoted token sits. `json_string_map` decodes a token's escapes (\\n, \\", \\u00e9, surrogate pairs)
mapping each decoded character to the escape's characters in the file."""
from __future__ import annotations

import json
import re
from functools import cache
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


def place_top_level(text: str, record: dict[str, Any], key: str, base: int = 0) -> bool:
    """`record` is json.loads(text) (json's C parser, several times faster than `loads`): make its string
    value at top-level `key` a LocStr placed in the file, and say whether that could be done. It can when
    no value is an object or an array (whose keys might be `key` too) and the key is written without
    escapes: in valid JSON, that key and a colon can only be a key, and of duplicates json keeps the last."""
    value = record.get(key)
    if not isinstance(value, str) or any(isinstance(v, (dict, list)) for v in record.values()):
        return False
    found = None
    for found in _key_pattern(key).finditer(text):
        pass
    if found is None:
        return False
    decoded, stop = decoder.scanstring(text, found.end())
    if decoded != value:
        return False
    record[key] = located(decoded, base + found.end() - 1, base + stop, "json")
    return True


@cache
def _key_pattern(key: str) -> re.Pattern[str]:
    """A key, its colon and the opening quote of a string value."""
    return re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r'[ \t\n\r]*:[ \t\n\r]*"')


def json_string_map(source: str, value: LocStr) -> tuple[str, OffsetMap]:
    """The decoded text of a JSON string token and its map into `source`."""
    return unescape_map(source[value.start + 1 : value.end - 1], value.start + 1, ESCAPE, lambda e: json.loads(f'"{e}"'))
