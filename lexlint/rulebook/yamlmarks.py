"""YAML loaded with safe_load semantics, keeping the line and column of every node."""

from __future__ import annotations

from typing import Any, NamedTuple, cast

import yaml

from lexlint.errors import LexlintError
from lexlint.rulebook.yamlsafe import Walk, check_key, compose_all, content_start, invalid, pairs, problem, scalar


class Mark(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


class Located(NamedTuple):
    """A loaded value with where it stands; mappings and sequences hold Located children.
    `shift` is 1 for a quoted scalar (its text starts one column after the mark)."""

    value: Any
    mark: Mark
    key_marks: dict[str, Mark] | None = None
    shift: int = 0


def _mark(text: str, node: yaml.Node) -> Mark:
    """Where a node's content starts (after any anchor or tag), 1-based."""
    start = content_start(text, node)
    mark = node.start_mark
    if start == mark.index:
        return Mark(mark.line + 1, mark.column + 1)
    skipped = text.count("\n", mark.index, start)
    column = start - text.rfind("\n", 0, start) if skipped else mark.column + 1 + start - mark.index
    return Mark(mark.line + 1 + skipped, column)


def load(text: str, path: str, error: type[LexlintError] = LexlintError) -> Located | None:
    """Parse one YAML document. Mapping keys are plain strings (duplicates are an error). Invalid YAML is
    read again with the pure-Python loader, so that error messages do not depend on how PyYAML was built."""
    try:
        return _load(text, path, error, fast=True)
    except LexlintError:
        return _load(text, path, error, fast=False)


def _load(text: str, path: str, error: type[LexlintError], fast: bool) -> Located | None:
    try:
        nodes, loader = compose_all(text, fast)
        if len(nodes) > 1:
            m = nodes[1].start_mark
            raise error(
                "a second YAML document: this file is read as one document (remove the `---` between them)",
                path,
                m.line + 1,
                m.column + 1,
            )
        return _convert(text, nodes[0], loader, path, error, Walk()) if nodes else None
    except yaml.YAMLError as exc:
        message, line, column = problem(exc)
        raise error(message, path, line, column) from None


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:omap", "tag:yaml.org,2002:seq"}


def _convert(
    text: str, node: yaml.Node, loader: yaml.SafeLoader, path: str, error: type[LexlintError], walk: Walk
) -> Located:
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        m = _mark(text, node)
        raise error(invalid(f"tag {node.tag!r} is not allowed"), path, m.line, m.column)
    walk.enter(node)
    try:
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Located] = {}
            keys: dict[str, Mark] = {}
            for key_node, value_node in pairs(node, walk):
                key = scalar(loader, check_key(key_node))
                if not isinstance(key, str):
                    m = _mark(text, key_node)
                    raise error(f"keys must be text, not {key!r}", path, m.line, m.column)
                if key in out:
                    m = _mark(text, key_node)
                    raise error(f"duplicate key {key!r}", path, m.line, m.column)
                out[key] = _convert(text, value_node, loader, path, error, walk)
                keys[key] = _mark(text, key_node)
            return Located(out, _mark(text, node), keys)
        if isinstance(node, yaml.SequenceNode):
            return Located(
                [_convert(text, child, loader, path, error, walk) for child in node.value], _mark(text, node)
            )
        leaf = cast(yaml.ScalarNode, node)  # neither a mapping nor a sequence
        shift = 1 if leaf.style in ("'", '"') else 0
        return Located(scalar(loader, leaf), _mark(text, leaf), None, shift)
    finally:
        walk.leave(node)


def shown(value: Any) -> str:
    """A loaded value as an error message names it: a list or mapping by its kind, a scalar as written
    (cut to 40 characters)."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value.value if isinstance(value, Located) else value)[:40]


def plain(located: Located) -> Any:
    """Strip the marks: the value as yaml.safe_load would return it."""
    value = located.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# ---- validating loaded values: each raises `error` with the node's line and column ----------------


def mapping(item: Located, path: str, what: str, error: type[LexlintError] = LexlintError) -> dict[str, Located]:
    if not isinstance(item.value, dict):
        raise error(f"{what} must be a mapping", path, *item.mark)
    return item.value


def sequence(
    item: Located | None, path: str, what: str, scalar_ok: bool = False, error: type[LexlintError] = LexlintError
) -> list[Located]:
    if item is None or item.value is None:
        return []
    if isinstance(item.value, list):
        return item.value
    if scalar_ok and isinstance(item.value, str):
        return [item]
    raise error(f"{what} must be a list", path, *item.mark)


def text(item: Located, path: str, what: str, error: type[LexlintError] = LexlintError) -> str:
    if not isinstance(item.value, str) or not item.value.strip():
        raise error(f"{what} must be non-empty text, not {shown(item.value)}", path, *item.mark)
    return item.value


def check_keys(item: Located, allowed: set[str], path: str, error: type[LexlintError] = LexlintError) -> None:
    for key in item.value:
        if key not in allowed:
            hint = ", ".join(sorted(allowed))
            mark = (item.key_marks or {}).get(key, item.mark)
            raise error(f"unknown key {key!r} (expected one of: {hint})", path, *mark)
