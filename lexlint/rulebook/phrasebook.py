"""Phrasebooks: YAML files of phrases to avoid and what to say instead, validated and layered.

A phrasebook may `extends` others (bundled names or paths relative to it) and `disable` inherited
entries; later files override earlier ids. Every error names the file, line and column.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from lexlint.errors import PhrasebookError
from lexlint.findings import FIX_SAFETY
from lexlint.rulebook import fields, patterns
from lexlint.rulebook.fields import Origin, PatternSpec, Rule
from lexlint.rulebook.resources import bundled_path, profile_names, profile_of, profile_path
from lexlint.rulebook.sequences import Move, SequenceRule, check_refs, parse_moves, parse_sequences
from lexlint.rulebook.yamlmarks import Located, load, shown

ELLIPSIS = ("\u2026", "...")
TOP_KEYS = {"name", "version", "format", "extends", "disable", "entries", "moves", "sequences", "profiles"}
# The phrasebook format this lexlint reads (docs/versioning.md): `format: 1` may say so, and a phrasebook written
# for another format is an error rather than read with a meaning its author did not give it.
FORMAT = 1
ENTRY_KEYS = {"id", "avoid", "unless", "answers", "try", "advice", "why", "severity", "fix", "tags", "examples"}


@dataclass(frozen=True)
class Entry(Rule):
    avoid: tuple[PatternSpec, ...]
    unless: tuple[PatternSpec, ...] = ()
    try_: tuple[str, ...] = ()  # rewrites of the matched words, the first applied
    advice: str | None = None  # or what to write instead, for a phrase no rewrite in place can serve
    fix: str = "none"
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
    notes: tuple[str, ...] = ()  # what loading it decided that a writer may not expect (a move replaced)

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def sequence(self, rule_id: str) -> SequenceRule | None:
        return next((s for s in self.sequences if s.id == rule_id), None)

    def rules(self) -> tuple[Rule, ...]:
        """Every rule the phrasebook defines: phrase entries, then sequences."""
        return self.entries + self.sequences

    def tags(self) -> dict[str, tuple[str, ...]]:
        """Each rule's tags, as select, ignore and severity read them: a bundled profile's sequences are also
        tagged with the profile's name (`ignore: [hello-goodbye]`)."""
        out = {r.id: r.tags for r in self.entries}
        for seq in self.sequences:
            profile = profile_of(seq.origin.path)
            out[seq.id] = (*seq.tags, profile) if profile and profile not in seq.tags else seq.tags
        return out


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
    roots = ([_bundled("default", None)] if default else []) + [os.path.abspath(p) for p in paths]
    roots += [_profile(name, None) for name in profiles]
    order: list[_File] = []
    seen: set[str] = set()
    for root in roots:
        _linearise(root, order, seen, stack=())
    entries: dict[str, Entry] = {}
    moves: dict[str, Move] = {}
    sequences: dict[str, SequenceRule] = {}
    notes: list[str] = []
    name = "default"
    for f in order:
        for entry_id, origin in f.disable:
            if entries.pop(entry_id, None) is None and sequences.pop(entry_id, None) is None:
                raise PhrasebookError(f"disable: no inherited entry {entry_id!r}", *origin)
        for entry in f.entries:
            entries.pop(entry.id, None)
            entries[entry.id] = entry
        for move in f.moves:
            moves[move.name] = _layered(moves.get(move.name), move, notes)
        for rule in f.sequences:
            sequences.pop(rule.id, None)
            sequences[rule.id] = rule
        name = f.name or name
    check_refs(moves, sequences)
    for entry in entries.values():
        unknown = [m for m in entry.answers if m not in moves]
        if unknown and entry.answers_mark is not None:
            known = ", ".join(sorted(moves)) or "none defined"
            raise PhrasebookError(
                f"entry {entry.id!r}: answers names unknown move {unknown[0]!r} (moves: {known})", *entry.answers_mark
            )
    return Phrasebook(
        name=name,
        entries=tuple(entries.values()),
        files=tuple(f.path for f in order),
        moves=tuple(moves.values()),
        sequences=tuple(sequences.values()),
        notes=tuple(notes),
    )


def _layered(inherited: Move | None, move: Move, notes: list[str]) -> Move:
    """`move` over the move of its name loaded before it: added to it with `extend: true`, else replacing it
    (with a note unless `extend: false` says so)."""
    where = f"{move.origin.path}:{move.origin.line}:{move.origin.column}"
    if inherited is None:
        if move.extend:
            raise PhrasebookError(
                f"move {move.name!r}: extend: true, but no phrasebook before this one defines it", *move.origin
            )
        return move
    if move.extend:
        return inherited.extended(move)
    if move.extend is None:
        notes.append(
            f"{where}: move {move.name!r} replaces the one in {os.path.basename(inherited.origin.path)}; "
            "`extend: true` adds to it instead, `extend: false` replaces it without this note"
        )
    return move


def _bundled(name: str, origin: Origin | None) -> str:
    path = bundled_path(name)
    if path is None:
        raise PhrasebookError(f"no bundled phrasebook named {name!r}", *(origin or ()))
    return str(path)


def _profile(name: str, origin: Origin | None) -> str:
    path = profile_path(name)
    if path is None:
        known = ", ".join(profile_names())
        raise PhrasebookError(f"no bundled profile named {name!r} (profiles: {known})", *(origin or ()))
    return str(path)


def _linearise(path: str, order: list[_File], seen: set[str], stack: tuple[str, ...]) -> None:
    if path in stack:
        chain = " -> ".join(os.path.basename(p) for p in (*stack, path))
        raise PhrasebookError(f"extends cycle: {chain}", stack[-1])
    if path in seen:
        return
    parsed = parse_file(path)
    for ref, _origin in parsed.extends:
        _linearise(ref, order, seen, (*stack, path))
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
    top = fields.mapping(doc, path, "a phrasebook")
    fields.check_keys(doc, TOP_KEYS, path)
    name = fields.text(top["name"], path, "name") if "name" in top else None
    if "version" in top:
        fields.text(top["version"], path, "version")
    if "format" in top:
        _format(top["format"], path)
    extends = tuple(_resolve_ref(v, path) for v in fields.items(top.get("extends"), path, "extends"))
    extends += tuple(
        (_profile(fields.text(v, path, "profile"), Origin(path, *v.mark)), Origin(path, *v.mark))
        for v in fields.items(top.get("profiles"), path, "profiles", scalar_ok=True)
    )
    disable = tuple(
        (fields.text(v, path, "disable item"), Origin(path, *v.mark))
        for v in fields.items(top.get("disable"), path, "disable")
    )
    entries: list[Entry] = []
    ids: set[str] = set()
    for item in fields.items(top.get("entries"), path, "entries"):
        entry = _entry(item, path)
        fields.new_id(entry.id, ids, item, path)
        entries.append(entry)
    return _File(
        path,
        name,
        extends,
        disable,
        tuple(entries),
        parse_moves(top.get("moves"), path),
        parse_sequences(top.get("sequences"), path),
    )


def _format(item: Located, path: str) -> None:
    if item.value != FORMAT or isinstance(item.value, bool):
        raise PhrasebookError(
            f"format must be {FORMAT}, the phrasebook format this lexlint reads, not {shown(item.value)}",
            path,
            *item.mark,
        )


def identity(path: str) -> tuple[str | None, str | None]:
    """A phrasebook's `name` and `version` as written, read without loading its rules (`lexlint --version`)."""
    with open(path, encoding="utf-8") as fh:
        doc = load(fh.read(), path, PhrasebookError)
    top = doc.value if doc is not None and isinstance(doc.value, dict) else {}
    name, version = (
        top[key].value if key in top and isinstance(top[key].value, str) else None for key in ("name", "version")
    )
    return name, version


def _resolve_ref(item: Located, path: str) -> tuple[str, Origin]:
    ref = fields.text(item, path, "extends item")
    origin = Origin(path, *item.mark)
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        return _bundled(ref, origin), origin
    resolved = os.path.abspath(os.path.join(os.path.dirname(path), ref))
    if not os.path.isfile(resolved):
        raise PhrasebookError(f"extends: no such phrasebook {ref!r}", *origin)
    return resolved, origin


def _entry(item: Located, path: str) -> Entry:
    spec, entry_id = fields.rule_spec(item, path, "entry", ENTRY_KEYS, ("avoid",))
    avoid_items = fields.items(spec["avoid"], path, "avoid", scalar_ok=True)
    avoid = tuple(fields.avoid_pattern(v, path) for v in avoid_items)
    if not avoid:
        raise PhrasebookError("avoid is empty", path, *spec["avoid"].mark)
    unless = fields.pattern_list(spec.get("unless"), path, "unless")
    tries = fields.texts(spec, "try", path, "try")
    captured = set().union(*(p.phrase.slots for p in avoid))
    own = [(p.try_, p.phrase.slots, v.value["try"]) for p, v in zip(avoid, avoid_items) if p.try_ is not None]
    try_items = fields.items(spec.get("try"), path, "try", scalar_ok=True)
    for text, slots, loc in [(t, captured, v) for t, v in zip(tries, try_items)] + own:
        if any(e in text for e in ELLIPSIS):
            raise PhrasebookError(
                f"try {text!r} holds an ellipsis, but a try replaces the matched words as "
                "written: put a line to adapt in `advice` instead",
                path,
                *loc.mark,
            )
        for slot in patterns.placeholders(text):
            if slot not in slots:
                raise PhrasebookError(f"try uses {{{slot}}}, which no avoid pattern captures", path, *loc.mark)
    advice = fields.text(spec["advice"], path, "advice").strip() if "advice" in spec else None
    if advice is not None and (tries or own):
        raise PhrasebookError(
            "an entry either rewrites (try) or advises (advice), not both", path, *spec["advice"].mark
        )
    severity = fields.severity(spec, path)
    fix = fields.text(spec["fix"], path, "fix") if "fix" in spec else ("unsafe" if tries or own else "none")
    if fix not in FIX_SAFETY:
        raise PhrasebookError(f"fix must be one of {', '.join(FIX_SAFETY)}, not {fix!r}", path, *spec["fix"].mark)
    if fix != "none" and not (tries or own):
        raise PhrasebookError(f"fix: {fix} needs a try rewrite", path, *spec["fix"].mark)
    tags = fields.tags(spec, path)
    bad, good = fields.examples(spec, path)
    answers = fields.texts(spec, "answers", path, "answers item")
    return Entry(
        id=entry_id,
        avoid=avoid,
        unless=unless,
        try_=tries,
        advice=advice,
        why=fields.why(spec, path),
        severity=severity,
        fix=fix,
        tags=tags,
        bad=bad,
        good=good,
        origin=Origin(path, *item.mark),
        answers=answers,
        answers_mark=Origin(path, *spec["answers"].mark) if "answers" in spec else None,
    )
