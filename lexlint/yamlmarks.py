"""YAML loaded with safe_load semantics, keeping the line and column of every node."""
from __future__ import annotations

from typing import Any, NamedTuple

import yaml

from lexlint.errors import LexlintError


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


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


# libyaml's loader when PyYAML has it (several times faster); invalid YAML is re-read with the pure-Python
# loader so that error messages do not depend on how PyYAML was built.
_FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def load(text: str, path: str, error: type[LexlintError] = LexlintError) -> Located | None:
    """Parse one YAML document. Mapping keys are plain strings (duplicates are an error)."""
    if _FAST_LOADER is not None:
        try:
            return _load(_FAST_LOADER(text), path, error)
        except LexlintError:
            pass
    return _load(yaml.SafeLoader(text), path, error)


def _load(loader: yaml.SafeLoader, path: str, error: type[LexlintError]) -> Located | None:
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader, path, error)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise error(f"invalid YAML: {exc.problem or exc.context}", path, line, col) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path) from None
    finally:
        loader.dispose()


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:omap", "tag:yaml.org,2002:seq"}


def _convert(node: yaml.Node, loader: yaml.SafeLoader, path: str, error: type[LexlintError]) -> Located:
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        m = _mark(node)
        raise error(f"invalid YAML: tag {node.tag!r} is not allowed", path, m.line, m.column)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[str, Located] = {}
        keys: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                m = _mark(key_node)
                raise error(f"keys must be text, not {key!r}", path, m.line, m.column)
            if key in out:
                m = _mark(key_node)
                raise error(f"duplicate key {key!r}", path, m.line, m.column)
            out[key] = _convert(value_node, loader, path, error)
            keys[key] = _mark(key_node)
        return Located(out, _mark(node), keys)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(child, loader, path, error) for child in node.value], _mark(node))
    shift = 1 if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"') else 0
    return Located(loader.construct_object(node, deep=True), _mark(node), None, shift)


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


def sequence(item: Located | None, path: str, what: str, scalar_ok: bool = False,
             error: type[LexlintError] = LexlintError) -> list[Located]:
    if item is None or item.value is None:
        return []
    if isinstance(item.value, list):
        return item.value
    if scalar_ok and isinstance(item.value, str):
        return [item]
    raise error(f"{what} must be a list", path, *item.mark)


def text(item: Located, path: str, what: str, error: type[LexlintError] = LexlintError) -> str:
    if not isinstance(item.value, str) or not item.value.strip():
        raise error(f"{what} must be non-empty text, not {item.value!r}", path, *item.mark)
    return item.value


def check_keys(item: Located, allowed: set[str], path: str, error: type[LexlintError] = LexlintError) -> None:
    for key in item.value:
        if key not in allowed:
            hint = ", ".join(sorted(allowed))
            mark = (item.key_marks or {}).get(key, item.mark)
            raise error(f"unknown key {key!r} (expected one of: {hint})", path, *mark)
