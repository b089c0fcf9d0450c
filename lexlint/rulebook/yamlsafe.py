"""YAML composed and walked within bounds, for every YAML lexlint reads (macro exports, phrasebooks, config).

PyYAML composes a document into nodes, where an alias is the anchored node itself: a self-referencing
alias is a cycle, and nine levels of nine aliases each stand for 387 million nodes. A walk over the nodes
(each reader converts them in its own way) therefore goes through `Walk`, which refuses a cycle, more than
ALIAS_NODES nodes visited again through aliases, and nesting deeper than MAX_DEPTH. Composing is bounded
too: the pure-Python composer recurses per level (libyaml stops at 1000 levels by itself). A scalar whose
value cannot be built (a date such as 2024-13-45, an integer of more than 4,300 digits) and a mapping key
that is not a scalar are errors at their line and column. Every limit is raised as a yaml.MarkedYAMLError,
so callers report it as they report a syntax error."""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 100  # nested mappings and sequences (aliases included); real macro exports and phrasebooks use < 20
ALIAS_NODES = 100_000  # nodes aliases may repeat, over a whole document
MERGE_TAG = "tag:yaml.org,2002:merge"
# An anchor (&name) and a tag (!x, !!str, !<…>) before a node's content, with the space or comment after them.
PROPERTIES = re.compile(r"(?:[&!][^\s,\[\]{}]*(?:\s|#[^\n]*)*)+")


class _DepthLimited(yaml.SafeLoader):
    """The pure-Python loader, refusing nesting deeper than MAX_DEPTH before it runs out of stack."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self._depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} deep", self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# libyaml's loader when PyYAML has it (several times faster); its own nesting limit keeps it on the stack.
FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def compose_all(text: str, fast: bool = False) -> tuple[list[Node], yaml.SafeLoader]:
    """Every document of `text` as a node (empty documents left out), and the loader, whose constructor
    builds scalars. Raises yaml.YAMLError."""
    loader = (FAST_LOADER if fast and FAST_LOADER is not None else _DepthLimited)(text)
    try:
        nodes = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None and not (
                isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.value
            ):
                nodes.append(node)
        return nodes, loader
    finally:
        loader.dispose()


class Walk:
    """Bounds one walk over a document's nodes: call `enter` before converting a node, `leave` after."""

    def __init__(self) -> None:
        self._open: set[int] = set()  # the nodes being converted: the path from the root
        self._seen: set[int] = set()
        self._repeats = 0

    def enter(self, node: Node) -> None:
        key = id(node)
        if key in self._open:
            raise ComposerError(None, None, "an alias refers to a node that contains it", node.start_mark)
        if len(self._open) >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} deep (aliases included)", node.start_mark)
        if key in self._seen:
            self._repeats += 1
            if self._repeats > ALIAS_NODES:
                raise ComposerError(None, None, f"aliases repeat more than {ALIAS_NODES:,} nodes", node.start_mark)
        else:
            self._seen.add(key)
        if not isinstance(node, ScalarNode):
            self._open.add(key)

    def leave(self, node: Node) -> None:
        self._open.discard(id(node))


def scalar(constructor: SafeConstructor, node: ScalarNode) -> Any:
    """The value of a scalar node as yaml.safe_load gives it; a value that cannot be built is an error."""
    if node.tag.endswith(":int"):
        digits = sum(ch.isdigit() for ch in node.value)
        limit = sys.get_int_max_str_digits()
        if limit and digits > limit:
            raise ConstructorError(None, None, f"a number of {digits:,} digits (at most {limit:,})", node.start_mark)
    try:
        return constructor.construct_object(node, deep=True)
    # inside PyYAML `!!int ` fails with an IndexError, `!!timestamp x` with an AttributeError
    except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
        kind = node.tag.rsplit(":", 1)[-1]
        raise ConstructorError(
            None, None, f"{node.value[:40]!r} is not a valid {kind}: {exc}", node.start_mark
        ) from None


def check_key(node: Node) -> ScalarNode:
    """A mapping key node, which must be a scalar: a sequence or mapping as a key is an error."""
    if not isinstance(node, ScalarNode):
        kind = "a sequence" if isinstance(node, SequenceNode) else "a mapping"
        raise ConstructorError(None, None, f"{kind} as a mapping key (a key must be a single value)", node.start_mark)
    return node


def pairs(node: MappingNode, walk: Walk) -> list[tuple[Node, Node]]:
    """The key and value nodes of a mapping, merge keys (`<<: *base`, `<<: [*a, *b]`) resolved as YAML
    specifies: keys written in the mapping win over merged ones, an earlier merged mapping over a later."""
    own = [(k, v) for k, v in node.value if k.tag != MERGE_TAG]
    merged: list[tuple[Node, Node]] = []
    for key, value in node.value:
        if key.tag != MERGE_TAG:
            continue
        sources = value.value if isinstance(value, SequenceNode) else [value]
        for source in sources:
            if not isinstance(source, MappingNode):
                raise ConstructorError(
                    None, None, "a merge key (<<) takes a mapping or a list of mappings", source.start_mark
                )
            walk.enter(source)
            try:
                merged.extend(pairs(source, walk))
            finally:
                walk.leave(source)
    if not merged:
        return own
    seen = {k.value for k, _ in own if isinstance(k, ScalarNode)}
    out = list(own)
    for key, value in merged:
        if isinstance(key, ScalarNode) and key.value not in seen:
            seen.add(key.value)
            out.append((key, value))
    return out


def content_start(text: str, node: Node) -> int:
    """Where a node's content starts in `text`: after its anchor and tag, where its start mark stands."""
    start = node.start_mark.index
    if start < len(text) and text[start] in "&!":
        m = PROPERTIES.match(text, start, node.end_mark.index)
        if m:
            return m.end()
    return start


def invalid(detail: object) -> str:
    """The message for YAML that cannot be read, whichever reader found it."""
    return f"invalid YAML: {detail}"


def problem(exc: yaml.YAMLError) -> tuple[str, int | None, int | None]:
    """What a YAML error says and its 1-based line and column (None when it has no mark)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return invalid(exc.problem or exc.context or "syntax error"), line, col
    return invalid(exc), None, None
