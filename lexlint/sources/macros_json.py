"""Helpdesk macro exports in JSON (Zendesk, Freshdesk, Help Scout, Intercom, Front, Gorgias, a flat
{title: text} map, or any shape with --field): one segment per reply, positions inside the JSON strings."""

from __future__ import annotations

from lexlint.errors import InputError
from lexlint.sources import ReadOptions
from lexlint.sources._jsonpos import loads, problem
from lexlint.sources._strings import export_segments
from lexlint.sources.segments import Segment
from lexlint.sources.writeback import html_in_json, json_string, spliced

NAME = "json"
EXTENSIONS = (".json",)
sniff = None  # read whatever has its extensions (no content test)
rewrites = spliced(json_string, html_in_json)  # a JSON string, which may hold HTML


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    try:
        root = loads(text)
    except (ValueError, RecursionError) as exc:
        found = problem(text, exc)
        if found is None:
            raise
        raise InputError(found[0], path, *found[1:]) from None
    return export_segments(path, text, root, options)
