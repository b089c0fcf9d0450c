"""JSON parsed with the file position of every string value, and each string's map back into the file.

`loads` is json.loads with one change: string values come back as `LocStr`, a str that knows where its
quoted token sits. `json_string_map` decodes a token's escapes (\\n, \\", \\u00e9, surrogate pairs)
mapping each decoded character to the escape's characters in the file."""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from json.decoder import scanstring  # type: ignore[attr-defined]  # public in json.decoder, not in its stubs
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from typing import Any

from lexlint.sources._located import unescape_map
from lexlint.sources.segments import OffsetMap

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


class DuplicateKey(ValueError):
    """An object that names a key twice: json keeps only the last, so the others would go unlinted."""

    def __init__(self, key: str, start: int | None) -> None:
        super().__init__(key)
        self.key, self.start = key, start


def unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook: the object as a dict, or DuplicateKey (placed at its value, when that is
    a located string)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, value in pairs:
            if key in seen:
                raise DuplicateKey(key, value.start if isinstance(value, LocStr) else None)
            seen.add(key)
    return out


LONG_NUMBER = re.compile(r'"(?:[^"\\]|\\.)*"|-?(\d+)')


def problem(text: str, exc: Exception, base: int = 0) -> tuple[str, int | None, int | None] | None:
    """What a failed json parse of `text` (placed at file offset `base`) says, with its 1-based line and
    column in `text`; None for an exception no JSON text explains."""
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg}", exc.lineno, exc.colno
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply", None, None
    if isinstance(exc, DuplicateKey):
        message = f"duplicate key {exc.key[:40]!r} (json keeps only the last, so the others would go unlinted)"
        if exc.start is None:
            return message, None, None
        value = exc.start - base
        key = text.rfind(json.dumps(exc.key, ensure_ascii=False), 0, value)  # as written, unless escaped
        return (message, *_line_col(text, key if key >= 0 else value))
    if isinstance(exc, ValueError):  # an integer longer than int() may convert
        limit = sys.get_int_max_str_digits()
        for m in LONG_NUMBER.finditer(text):
            if m.group(1) and limit and len(m.group(1)) > limit:
                return f"invalid JSON: a number of {len(m.group(1)):,} digits (at most {limit:,})", *_line_col(
                    text, m.start()
                )
    return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


class _Decoder(json.JSONDecoder):
    def __init__(self, base: int) -> None:
        super().__init__(object_pairs_hook=unique_object)

        def parse_string(s: str, end: int, strict: bool) -> tuple[LocStr, int]:
            value, stop = scanstring(s, end, strict)
            return located(value, base + end - 1, base + stop, "json"), stop

        self.parse_string = parse_string
        self.scan_once = py_make_scanner(self)


def loads(text: str, base: int = 0) -> Any:
    """json.loads, with LocStr values placed at `base` + their offset in `text`. Raises json.JSONDecodeError,
    DuplicateKey, RecursionError and ValueError (an integer too long to convert): `problem` says what."""
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
    for found in _key_pattern(key).finditer(text):  # noqa: B007 - the last one is the key json kept
        pass
    if found is None:
        return False
    decoded, stop = scanstring(text, found.end())
    if decoded != value:
        return False
    record[key] = located(decoded, base + found.end() - 1, base + stop, "json")
    return True


@cache
def _key_pattern(key: str) -> re.Pattern[str]:
    """A key, its colon and the opening quote of a string value."""
    return re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r'[ \t\n\r]*:[ \t\n\r]*"')


# the two-character escapes, decoded without a JSON parser each (an export's texts hold thousands of \n)
_SHORT_ESCAPES = {"\\n": "\n", '\\"': '"', "\\\\": "\\", "\\/": "/", "\\t": "\t", "\\r": "\r", "\\b": "\b", "\\f": "\f"}


def _unescape(escape: str) -> str:
    return _SHORT_ESCAPES.get(escape) or json.loads(f'"{escape}"')


def json_string_map(source: str, value: LocStr) -> tuple[str, OffsetMap]:
    """The decoded text of a JSON string token and its map into `source`."""
    return unescape_map(source[value.start + 1 : value.end - 1], value.start + 1, ESCAPE, _unescape)
