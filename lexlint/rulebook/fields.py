"""What every rule has (id, severity, why, tags, examples, where it was written), and the patterns entries
and moves are written in: each validated once here, for phrase entries and sequences alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, NamedTuple

from lexlint.errors import PhrasebookError
from lexlint.findings import SEVERITIES
from lexlint.rulebook import patterns, regexes
from lexlint.rulebook import yamlmarks as validate
from lexlint.rulebook.yamlmarks import Located, Mark, plain

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
EXAMPLE_KEYS = {"bad", "good"}
AVOID_KEYS = {"pattern", "try"}

# The YAML validators, raising PhrasebookError at the node's line and column.
mapping = partial(validate.mapping, error=PhrasebookError)
items = partial(validate.sequence, error=PhrasebookError)
text = partial(validate.text, error=PhrasebookError)
check_keys = partial(validate.check_keys, error=PhrasebookError)


class Origin(NamedTuple):
    path: str
    line: int
    column: int


@dataclass(frozen=True, kw_only=True)
class Rule:
    """The fields every rule has, phrase entry or sequence: what `rules`, `explain`, `test` and the
    severity and select/ignore settings read."""

    id: str
    why: str
    origin: Origin
    severity: str = "warning"
    tags: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()


def kebab_case(name: str, what: str, path: str, mark: Mark) -> str:
    """`name` if it is kebab-case (an id or a move name), else an error naming `what` it is."""
    if not ID_RE.match(name):
        raise PhrasebookError(f"{what} {name!r} must be kebab-case (a-z, 0-9, -)", path, *mark)
    return name


def rule_spec(
    item: Located, path: str, kind: str, keys: set[str], required: tuple[str, ...]
) -> tuple[dict[str, Located], str]:
    """A rule's mapping, checked for unknown keys and for missing ones (every rule needs an id and a why;
    `required` names the kind's own), and its kebab-case id. `kind` names the rule in errors."""
    spec = mapping(item, path, f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}")
    check_keys(item, keys, path)
    for key in ("id", *required, "why"):
        if key not in spec:
            raise PhrasebookError(f"{kind} is missing {key!r}", path, *item.mark)
    return spec, kebab_case(text(spec["id"], path, "id"), "id", path, spec["id"].mark)


def new_id(rule_id: str, seen: set[str], item: Located, path: str, what: str = "id") -> None:
    """Record one file's rule id in `seen`; an id it already holds is an error (`what`: "id", "sequence id")."""
    if rule_id in seen:
        raise PhrasebookError(f"duplicate {what} {rule_id!r} in this file", path, *item.value["id"].mark)
    seen.add(rule_id)


def why(spec: dict[str, Located], path: str) -> str:
    return text(spec["why"], path, "why").strip()


def severity(spec: dict[str, Located], path: str) -> str:
    level = text(spec["severity"], path, "severity") if "severity" in spec else "warning"
    if level not in SEVERITIES:
        raise PhrasebookError(
            f"severity must be one of {', '.join(SEVERITIES)}, not {level!r}", path, *spec["severity"].mark
        )
    return level


def texts(spec: dict[str, Located], key: str, path: str, what: str) -> tuple[str, ...]:
    """A key holding one text or a list of texts (each called `what` in errors)."""
    return tuple(text(v, path, what) for v in items(spec.get(key), path, key, scalar_ok=True))


def tags(spec: dict[str, Located], path: str) -> tuple[str, ...]:
    return texts(spec, "tags", path, "tag")


def examples(spec: dict[str, Located], path: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The bad and good examples of a rule."""
    if "examples" not in spec:
        return (), ()
    written = mapping(spec["examples"], path, "examples")
    check_keys(spec["examples"], EXAMPLE_KEYS, path)
    return texts(written, "bad", path, "example"), texts(written, "good", path, "example")


# ---- patterns (entries' avoid and unless, moves' match and unless) ---------------------------------


@dataclass(frozen=True)
class PatternSpec:
    """One avoid/unless/match pattern, parsed, with where it was written."""

    phrase: patterns.Phrase
    origin: Origin
    try_: str | None = None  # an avoid pattern's own rewrite, where the entry's cannot serve it


def pattern(item: Located, path: str) -> PatternSpec:
    """A pattern in the mini-language, or a list of raw spaCy token patterns."""
    origin = Origin(path, *item.mark)
    if isinstance(item.value, list):
        raw = tuple(_raw_token(t, path) for t in item.value)
        if not raw:
            raise PhrasebookError("a raw token pattern needs at least one token", *origin)
        phrase = patterns.Phrase(source=repr([dict(t) for t in raw]), body=(), raw=(raw,))
        return PatternSpec(phrase, origin)
    source = text(item, path, "pattern")
    try:
        phrase = patterns.parse(source)
    except patterns.PatternSyntaxError as exc:
        column = item.mark.column + item.shift + exc.offset
        raise PhrasebookError(f"bad pattern {source!r}: {exc}", path, item.mark.line, column) from None
    return PatternSpec(phrase, origin)


def pattern_list(item: Located | None, path: str, what: str) -> tuple[PatternSpec, ...]:
    """A key holding one pattern or a list of them."""
    return tuple(pattern(v, path) for v in items(item, path, what, scalar_ok=True))


def avoid_pattern(item: Located, path: str) -> PatternSpec:
    """An avoid item: a pattern, or {pattern: …, try: …} for a form the entry's own rewrite cannot serve."""
    if not isinstance(item.value, dict):
        return pattern(item, path)
    check_keys(item, AVOID_KEYS, path)
    if "pattern" not in item.value:
        raise PhrasebookError("an avoid item written as a mapping needs 'pattern'", path, *item.mark)
    spec = pattern(item.value["pattern"], path)
    return replace(spec, try_=text(item.value["try"], path, "try")) if "try" in item.value else spec


def _raw_token(item: Located, path: str) -> dict[str, Any]:
    if not isinstance(item.value, dict):
        raise PhrasebookError("a raw token pattern is a list of mappings like {LOWER: owe}", path, *item.mark)
    if "_" in item.value:
        raise PhrasebookError(
            "a raw token pattern cannot use extension attributes (_): lexlint's pipeline sets none",
            path,
            *item.value["_"].mark,
        )
    token = plain(item)
    for attr, regex in regexes.regexes(token):
        try:
            regexes.check(attr, regex)
        except regexes.RegexError as exc:
            where = item.value[attr].value["REGEX"]
            column = where.mark.column + where.shift
            raise PhrasebookError(f"REGEX {regex!r}: {exc}", path, where.mark.line, column) from None
    return token
