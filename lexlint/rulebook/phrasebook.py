"""Phrasebooks: YAML files of phrases to avoid and what to say instead, validated and layered.

A phrasebook may `extends` others (bundled names or paths relative to it) and `disable` inherited
entries; later files override earlier ids. Every error names the file, line and column.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from lexlint.rulebook import patterns
from lexlint.rulebook import regexes
from lexlint.errors import PhrasebookError
from lexlint.findings import FIX_SAFETY, SEVERITIES
from lexlint.rulebook.resources import bundled_path, profile_path
from lexlint.rulebook import yamlmarks as validate
from lexlint.rulebook.yamlmarks import Located, load, plain

if TYPE_CHECKING:
    from lexlint.rulebook.sequences import Move, SequenceRule

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
ELLIPSIS = ("\u2026", "...")
TOP_KEYS = {"name", "extends", "disable", "entries", "moves", "sequences", "profiles"}
ENTRY_KEYS = {"id", "avoid", "unless", "answers", "try", "advice", "why", "severity", "fix", "tags", "examples"}
EXAMPLE_KEYS = {"bad", "good"}


class Origin(NamedTuple):
    path: str
    line: int
    column: int


@dataclass(frozen=True)
class PatternSpec:
    """One avoid/unless pattern, parsed, with where it was written."""

    phrase: patterns.Phrase
    origin: Origin
    try_: str | None = None  # an avoid pattern's own rewrite, where the entry's cannot serve it


@dataclass(frozen=True)
class Entry:
    id: str
    avoid: tuple[PatternSpec, ...]
    why: str
    origin: Origin
    unless: tuple[PatternSpec, ...] = ()
    try_: tuple[str, ...] = ()  # rewrites of the matched words, the first applied
    advice: str | None = None  # or what to write instead, for a phrase no rewrite in place can serve
    severity: str = "warning"
    fix: str = "none"
    tags: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    # moves (rules/moves.yaml) the customer's message must carry, when it is known, for the entry to apply:
    # "No problem" is a poor answer to thanks, not to a question
    answers: tuple[str, ...] = ()
    answers_mark: Origin | None = None

    @property
    def rewrite(self) -> str | None:
        return self.try_[0] if self.try_ else None

    @property
    def instead(self) -> tuple[str, ...]:
        """What to write instead: the rewrites, or the advice."""
        return self.try_ or ((self.advice,) if self.advice else ())


@dataclass(frozen=True)
class Phrasebook:
    name: str
    entries: tuple[Entry, ...]
    files: tuple[str, ...] = field(default=())  # every file loaded, in layering order
    moves: tuple[Move, ...] = ()
    sequences: tuple[SequenceRule, ...] = ()

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def sequence(self, rule_id: str) -> SequenceRule | None:
        return next((s for s in self.sequences if s.id == rule_id), None)

    def rules(self) -> tuple[Entry | SequenceRule, ...]:
        """Every rule the phrasebook defines: phrase entries, then sequences (each has id, severity, why, tags)."""
        return self.entries + self.sequences

    def tags(self) -> dict[str, tuple[str, ...]]:
        return {r.id: r.tags for r in self.rules()}


@dataclass(frozen=True)
class _File:
    path: str
    name: str | None
    extends: tuple[tuple[str, Origin], ...]
    disable: tuple[tuple[str, Origin], ...]
    entries: tuple[Entry, ...]
    moves: tuple[Move, ...] = ()
    sequences: tuple[SequenceRule, ...] = ()


# ---- loading ---------------------------------------------------------------------------------------

def load_phrasebooks(
    paths: list[str] | tuple[str, ...] = (), default: bool = True, profiles: list[str] | tuple[str, ...] = ()
) -> Phrasebook:
    """The bundled default (unless default=False) layered with each path in order, then each bundled profile."""
    from lexlint.rulebook.sequences import check_refs

    roots = ([_bundled("default", None)] if default else []) + [os.path.abspath(p) for p in paths]
    roots += [_profile(name, None) for name in profiles]
    order: list[_File] = []
    seen: set[str] = set()
    for root in roots:
        _linearise(root, order, seen, stack=())
    entries: dict[str, Entry] = {}
    moves: dict[str, Move] = {}
    sequences: dict[str, SequenceRule] = {}
    name = "default"
    for f in order:
        for entry_id, origin in f.disable:
            if entries.pop(entry_id, None) is None and sequences.pop(entry_id, None) is None:
                raise PhrasebookError(f"disable: no inherited entry {entry_id!r}", *origin)
        for entry in f.entries:
            entries.pop(entry.id, None)
            entries[entry.id] = entry
        moves.update((m.name, m) for m in f.moves)
        for rule in f.sequences:
            sequences.pop(rule.id, None)
            sequences[rule.id] = rule
        name = f.name or name
    check_refs(moves, sequences)
    for entry in entries.values():
        unknown = [m for m in entry.answers if m not in moves]
        if unknown and entry.answers_mark is not None:
            known = ", ".join(sorted(moves)) or "none defined"
            raise PhrasebookError(f"entry {entry.id!r}: answers names unknown move {unknown[0]!r} (moves: {known})",
                                  *entry.answers_mark)
    return Phrasebook(name=name, entries=tuple(entries.values()), files=tuple(f.path for f in order),
                      moves=tuple(moves.values()), sequences=tuple(sequences.values()))


def _bundled(name: str, origin: Origin | None) -> str:
    path = bundled_path(name)
    if path is None:
        raise PhrasebookError(f"no bundled phrasebook named {name!r}", *(origin or ()))
    return str(path)


def _profile(name: str, origin: Origin | None) -> str:
    from lexlint.rulebook.resources import profile_names

    path = profile_path(name)
    if path is None:
        known = ", ".join(profile_names())
        raise PhrasebookError(f"no bundled profile named {name!r} (profiles: {known})", *(origin or ()))
    return str(path)


def _linearise(path: str, order: list[_File], seen: set[str], stack: tuple[str, ...]) -> None:
    if path in stack:
        chain = " -> ".join(os.path.basename(p) for p in stack + (path,))
        raise PhrasebookError(f"extends cycle: {chain}", stack[-1])
    if path in seen:
        return
    parsed = parse_file(path)
    for ref, _origin in parsed.extends:
        _linearise(ref, order, seen, stack + (path,))
    seen.add(path)
    order.append(parsed)


def parse_file(path: str) -> _File:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise PhrasebookError(f"cannot read phrasebook: {exc.strerror or exc}", path) from None
    except UnicodeDecodeError:
        raise PhrasebookError("phrasebook is not valid UTF-8", path) from None
    doc = load(text, path, PhrasebookError)
    if doc is None:
        return _File(path, None, (), (), ())
    top = _mapping(doc, path, "a phrasebook")
    _check_keys(doc, TOP_KEYS, path)
    name = _string(top["name"], path, "name") if "name" in top else None
    extends = tuple(_resolve_ref(v, path) for v in _list(top.get("extends"), path, "extends"))
    extends += tuple(
        (_profile(_string(v, path, "profile"), Origin(path, *v.mark)), Origin(path, *v.mark))
        for v in _list(top.get("profiles"), path, "profiles", scalar_ok=True)
    )
    disable = tuple(
        (_string(v, path, "disable item"), Origin(path, *v.mark)) for v in _list(top.get("disable"), path, "disable")
    )
    entries: list[Entry] = []
    ids: set[str] = set()
    for item in _list(top.get("entries"), path, "entries"):
        entry = _entry(item, path)
        if entry.id in ids:
            raise PhrasebookError(f"duplicate id {entry.id!r} in this file", path, *item.value["id"].mark)
        ids.add(entry.id)
        entries.append(entry)
    from lexlint.rulebook.sequences import parse_moves, parse_sequences

    return _File(path, name, extends, disable, tuple(entries), parse_moves(top.get("moves"), path),
                 parse_sequences(top.get("sequences"), path))


def _resolve_ref(item: Located, path: str) -> tuple[str, Origin]:
    ref = _string(item, path, "extends item")
    origin = Origin(path, *item.mark)
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        return _bundled(ref, origin), origin
    resolved = os.path.abspath(os.path.join(os.path.dirname(path), ref))
    if not os.path.isfile(resolved):
        raise PhrasebookError(f"extends: no such phrasebook {ref!r}", *origin)
    return resolved, origin


def _entry(item: Located, path: str) -> Entry:
    spec = _mapping(item, path, "an entry")
    _check_keys(item, ENTRY_KEYS, path)
    for required in ("id", "avoid", "why"):
        if required not in spec:
            raise PhrasebookError(f"entry is missing {required!r}", path, *item.mark)
    entry_id = _string(spec["id"], path, "id")
    if not ID_RE.match(entry_id):
        raise PhrasebookError(f"id {entry_id!r} must be kebab-case (a-z, 0-9, -)", path, *spec["id"].mark)
    avoid_items = _list(spec["avoid"], path, "avoid", scalar_ok=True)
    avoid = tuple(_avoid_pattern(v, path) for v in avoid_items)
    if not avoid:
        raise PhrasebookError("avoid is empty", path, *spec["avoid"].mark)
    unless = tuple(_pattern(v, path) for v in _list(spec.get("unless"), path, "unless", scalar_ok=True))
    tries = tuple(_string(v, path, "try") for v in _list(spec.get("try"), path, "try", scalar_ok=True))
    captured = set().union(*(p.phrase.slots for p in avoid))
    own = [(p.try_, p.phrase.slots, v.value["try"]) for p, v in zip(avoid, avoid_items) if p.try_ is not None]
    for text, slots, loc in [(t, captured, v) for t, v in zip(tries, _list(spec.get("try"), path, "try", scalar_ok=True))] + own:
        if any(e in text for e in ELLIPSIS):
            raise PhrasebookError(f"try {text!r} holds an ellipsis, but a try replaces the matched words as "
                                  "written: put a line to adapt in `advice` instead", path, *loc.mark)
        for slot in patterns.placeholders(text):
            if slot not in slots:
                raise PhrasebookError(f"try uses {{{slot}}}, which no avoid pattern captures", path, *loc.mark)
    advice = _string(spec["advice"], path, "advice").strip() if "advice" in spec else None
    if advice is not None and (tries or own):
        raise PhrasebookError("an entry either rewrites (try) or advises (advice), not both", path, *spec["advice"].mark)
    severity = _severity(spec, path)
    fix = _string(spec["fix"], path, "fix") if "fix" in spec else ("unsafe" if tries or own else "none")
    if fix not in FIX_SAFETY:
        raise PhrasebookError(f"fix must be one of {', '.join(FIX_SAFETY)}, not {fix!r}", path, *spec["fix"].mark)
    if fix != "none" and not (tries or own):
        raise PhrasebookError(f"fix: {fix} needs a try rewrite", path, *spec["fix"].mark)
    tags = tuple(_string(v, path, "tag") for v in _list(spec.get("tags"), path, "tags", scalar_ok=True))
    bad, good = _examples(spec, path)
    answers = tuple(_string(v, path, "answers item") for v in _list(spec.get("answers"), path, "answers", scalar_ok=True))
    return Entry(
        id=entry_id, avoid=avoid, unless=unless, try_=tries, advice=advice, why=_string(spec["why"], path, "why").strip(),
        severity=severity, fix=fix, tags=tags, bad=bad, good=good, origin=Origin(path, *item.mark),
        answers=answers, answers_mark=Origin(path, *spec["answers"].mark) if "answers" in spec else None,
    )


def _severity(spec: dict[str, Located], path: str) -> str:
    severity = _string(spec["severity"], path, "severity") if "severity" in spec else "warning"
    if severity not in SEVERITIES:
        raise PhrasebookError(f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}", path, *spec["severity"].mark)
    return severity


def _examples(spec: dict[str, Located], path: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The bad and good examples of an entry or sequence."""
    if "examples" not in spec:
        return (), ()
    examples = _mapping(spec["examples"], path, "examples")
    _check_keys(spec["examples"], EXAMPLE_KEYS, path)
    bad = tuple(_string(v, path, "example") for v in _list(examples.get("bad"), path, "bad", scalar_ok=True))
    good = tuple(_string(v, path, "example") for v in _list(examples.get("good"), path, "good", scalar_ok=True))
    return bad, good


AVOID_KEYS = {"pattern", "try"}


def _avoid_pattern(item: Located, path: str) -> PatternSpec:
    """An avoid item: a pattern, or {pattern: …, try: …} for a form the entry's own rewrite cannot serve."""
    if not isinstance(item.value, dict):
        return _pattern(item, path)
    _check_keys(item, AVOID_KEYS, path)
    if "pattern" not in item.value:
        raise PhrasebookError("an avoid item written as a mapping needs 'pattern'", path, *item.mark)
    spec = _pattern(item.value["pattern"], path)
    return replace(spec, try_=_string(item.value["try"], path, "try")) if "try" in item.value else spec


def _pattern(item: Located, path: str) -> PatternSpec:
    origin = Origin(path, *item.mark)
    if isinstance(item.value, list):
        raw = tuple(_raw_token(t, path) for t in item.value)
        if not raw:
            raise PhrasebookError("a raw token pattern needs at least one token", *origin)
        phrase = patterns.Phrase(source=repr([dict(t) for t in raw]), body=(), raw=(raw,))
        return PatternSpec(phrase, origin)
    text = _string(item, path, "pattern")
    try:
        phrase = patterns.parse(text)
    except patterns.PatternSyntaxError as exc:
        column = item.mark.column + item.shift + exc.offset
        raise PhrasebookError(f"bad pattern {text!r}: {exc}", path, item.mark.line, column) from None
    return PatternSpec(phrase, origin)


def _raw_token(item: Located, path: str) -> dict[str, Any]:
    if not isinstance(item.value, dict):
        raise PhrasebookError("a raw token pattern is a list of mappings like {LOWER: owe}", path, *item.mark)
    if "_" in item.value:
        raise PhrasebookError("a raw token pattern cannot use extension attributes (_): lexlint's pipeline "
                              "sets none", path, *item.value["_"].mark)
    token = plain(item)
    for attr, pattern in regexes.regexes(token):
        try:
            regexes.check(attr, pattern)
        except regexes.RegexError as exc:
            where = item.value[attr].value["REGEX"]
            raise PhrasebookError(f"REGEX {pattern!r}: {exc}", path, where.mark.line, where.mark.column + where.shift) from None
    return token


# ---- small validators ------------------------------------------------------------------------------

_mapping = partial(validate.mapping, error=PhrasebookError)
_list = partial(validate.sequence, error=PhrasebookError)
_string = partial(validate.text, error=PhrasebookError)
_check_keys = partial(validate.check_keys, error=PhrasebookError)
