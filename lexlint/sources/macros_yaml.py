"""Helpdesk macro exports in YAML: the same shapes as the JSON reader, positions inside the YAML scalars."""
from __future__ import annotations

import yaml

from lexlint.errors import InputError
from lexlint.segments import Segment
from lexlint.sources import ReadOptions
from lexlint.sources._strings import export_segments
from lexlint.sources._yamlpos import loads

NAME = "yaml"
EXTENSIONS = (".yaml", ".yml")


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    try:
        root = loads(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(f"invalid YAML: {problem}", path, line, col) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", path) from None
    if root is None:
        return []
    return export_segments(path, text, root, options)
