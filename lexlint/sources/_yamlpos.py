"""YAML parsed from its node tree so string values keep their place in the file (LocStr), and a map
from each decoded string back into the file: quotes, escapes, folding and block indentation accounted for."""

from __future__ import annotations

import re
from typing import Any

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lexlint.rulebook.yamlsafe import Walk, check_key, compose_all, content_start, pairs, scalar
from lexlint.sources._jsonpos import LocStr, located
from lexlint.sources.segments import OffsetMap, OffsetMapBuilder

STR_TAG = "tag:yaml.org,2002:str"
ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
SPACE = " \t\r\n"


def _convert(text: str, node: Node, constructor: SafeConstructor, walk: Walk) -> Any:
    walk.enter(node)
    try:
        if isinstance(node, MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in pairs(node, walk):
                key = _convert(text, check_key(key_node), constructor, walk)
                if key in out:
                    raise ConstructorError(
                        None,
                        None,
                        f"duplicate key {str(key)[:40]!r} (only one of them would be linted)",
                        key_node.start_mark,
                    )
                out[key] = _convert(text, value_node, constructor, walk)
            return out
        if isinstance(node, SequenceNode):
            return [_convert(text, v, constructor, walk) for v in node.value]
        if isinstance(node, ScalarNode) and node.tag == STR_TAG:
            return located(node.value, content_start(text, node), node.end_mark.index, node.style or "")
        assert isinstance(node, ScalarNode)  # YAML has no other kind of node
        return scalar(constructor, node)
    finally:
        walk.leave(node)


def documents(text: str) -> list[Any]:
    """Every YAML document of `text` (empty ones left out), strings as LocStr placed in the file.
    Raises yaml.YAMLError."""
    nodes, loader = compose_all(text)
    return [_convert(text, node, loader, Walk()) for node in nodes]


def _body_start(source: str, value: LocStr) -> int:
    if value.style in ("'", '"'):
        return value.start + 1
    if value.style in ("|", ">"):
        nl = source.find("\n", value.start, value.end)
        return value.end if nl == -1 else nl + 1
    return value.start


def yaml_string_map(source: str, value: LocStr) -> tuple[str, OffsetMap]:
    """Align the decoded scalar with its characters in the file, one character at a time."""
    builder = OffsetMapBuilder()
    p, end = _body_start(source, value), value.end
    for ch in value:
        while value.style == '"' and source.startswith("\\\n", p):  # escaped line break: no character
            p += 2
            while p < end and source[p] in " \t":
                p += 1
        if p >= end:
            builder.decoded(ch, end, end)
            continue
        if value.style == '"' and source[p] == "\\":
            m = ESCAPE.match(source, p)
            stop = m.end() if m else p + 1
            builder.decoded(ch, p, stop)
            p = stop
        elif value.style == "'" and ch == "'" and source.startswith("''", p):
            builder.decoded(ch, p, p + 2)
            p += 2
        elif source[p] == ch:
            builder.raw(ch, p)
            p += 1
        else:
            q = p
            while q < end and source[q] in SPACE:
                q += 1
            if q < end and source[q] == ch:
                builder.raw(ch, q)
                p = q + 1
            else:
                builder.decoded(ch, p, max(q, p + 1))
                p = max(q, p + 1)
    return builder.build()
