"""Helpdesk macro exports in YAML: the same shapes as the JSON reader, positions inside the YAML scalars.
A file of several documents (`---`) is read document by document."""

from __future__ import annotations

import yaml

from lexlint.errors import InputError, NothingToLint
from lexlint.rulebook.yamlsafe import problem
from lexlint.sources import ReadOptions
from lexlint.sources._strings import export_segments
from lexlint.sources._yamlpos import documents
from lexlint.sources.segments import Segment
from lexlint.sources.writeback import as_is, html_in_json, html_text, json_string, spliced, yaml_single_quoted

NAME = "yaml"
EXTENSIONS = (".yaml", ".yml")
sniff = None  # read whatever has its extensions (no content test)
# a plain scalar, a "double" or 'single' quoted one, HTML inside any
rewrites = spliced(as_is, json_string, yaml_single_quoted, html_text, html_in_json)


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    try:
        roots = documents(text)
    except yaml.YAMLError as exc:
        message, line, column = problem(exc)
        raise InputError(message, path, line, column) from None
    segments: list[Segment] = []
    nothing: list[NothingToLint] = []
    for root in roots:
        try:
            segments += export_segments(path, text, root, options)
        except NothingToLint as exc:  # a document of other data beside the macros
            nothing.append(exc)
    if nothing and len(nothing) == len(roots):
        raise nothing[0]
    return segments
