"""Helpdesk macro exports in JSON (Zendesk, Freshdesk, Help Scout, Intercom, Front, Gorgias, a flat
{title: text} map, or any shape with --field): one segment per reply, positions inside the JSON strings."""
from __future__ import annotations

import json

from lexlint.errors import InputError
from lexlint.segments import Segment
from lexlint.sources import ReadOptions
from lexlint.sources._jsonpos import loads
from lexlint.sources._strings import export_segments

NAME = "json"
EXTENSIONS = (".json",)


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    try:
        root = loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path, exc.lineno, exc.colno) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path) from None
    return export_segments(path, text, root, options)
