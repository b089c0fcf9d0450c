"""`lexlint test`: every rule's examples — each bad one fires the rule, no good one does, and a bad one
rewritten with a phrase entry's suggestion no longer fires it. Examples are read as a text file is, as a
message of a rule's own channel when the rule holds only in some (`channels: [email, macro]`).
Every move's examples too: each `match` example carries the move, no `no_match` example does. And a
warning where another entry's finding shares words with an entry's own in one of its bad examples: the
writer would get two findings and two rewrites for one phrase."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lexlint.checks import sequences
from lexlint.engine import Linter
from lexlint.findings import Finding
from lexlint.rulebook.fields import Rule
from lexlint.rulebook.phrasebook import Entry, Phrasebook
from lexlint.rulebook.sequences import Move, SequenceRule
from lexlint.sources import ReadOptions, read_text
from lexlint.sources.segments import Segment


@dataclass(frozen=True)
class Failure:
    entry: Rule | Move
    kind: str  # "bad", "good", "rewrite", "match" or "no_match"
    example: str
    detail: str = ""

    def __str__(self) -> str:
        what = {
            "bad": "bad example does not fire",
            "good": "good example fires",
            "rewrite": "rewritten bad example still fires",
            "match": "example does not carry the move",
            "no_match": "look-alike example carries the move",
        }[self.kind]
        o = self.entry.origin
        name = f"move {self.entry.name}" if isinstance(self.entry, Move) else self.entry.id
        return f"{o.path}:{o.line}:{o.column}: {name}: {what}: {self.example!r}{self.detail}"


@dataclass(frozen=True)
class Overlap:
    """Two entries that both report the same words of a bad example of `entry`'s; `earlier` is the one of
    them loaded first (an inherited entry a later phrasebook may disable), or None when one file holds both."""

    entry: Entry
    other: Entry
    example: str
    shared: str  # the words both findings cover
    earlier: Entry | None = None

    def __str__(self) -> str:
        o = self.entry.origin
        if self.earlier is None:
            hint = "merge them or drop one"
        else:
            later = self.other if self.earlier is self.entry else self.entry
            hint = f"`disable: [{self.earlier.id}]` in {later.origin.path} keeps only {later.id}"
        return (
            f"{o.path}:{o.line}:{o.column}: {self.entry.id}: {self.other.id} also matches {self.shared!r} "
            f"in bad example {self.example!r}: two findings and two rewrites; {hint}"
        )


@dataclass(frozen=True)
class Outcome:
    entries: int
    examples: int
    failures: tuple[Failure, ...]
    overlaps: tuple[Overlap, ...] = ()


def _fired(linter: Linter, texts: list[str], channels: list[tuple[str, ...]] | None = None) -> list[list[Finding]]:
    """The findings in each text, read as a draft would be; a text whose rule holds only in some channels
    (`channels: [email, macro]`) is read as a message of the first of them."""
    segments = [
        _in_channel(s, channels[i] if channels else ())
        for i, t in enumerate(texts)
        for s in read_text(f"example-{i}.txt", t, ReadOptions())
    ]
    by_path: dict[str, list[Finding]] = {f"example-{i}.txt": [] for i in range(len(texts))}
    for f in linter.lint(segments):
        by_path[f.path].append(f)
    return list(by_path.values())


def _in_channel(segment: Segment, channels: tuple[str, ...]) -> Segment:
    return segment if not channels or segment.channel in channels else replace(segment, channel=channels[0])


def run(book: Phrasebook, only_files: tuple[str, ...] = ()) -> Outcome:
    entries = [r for r in book.rules() if not only_files or r.origin.path in only_files]
    linter = Linter(book)
    cases = [(e, "bad", t) for e in entries for t in e.bad] + [(e, "good", t) for e in entries for t in e.good]
    results = _fired(
        linter, [t for _, _, t in cases], [e.channels if isinstance(e, SequenceRule) else () for e, _, _ in cases]
    )
    failures: list[Failure] = []
    rewrites: list[tuple[Entry, str, str]] = []
    overlaps: dict[frozenset[str], Overlap] = {}
    for (entry, kind, text), found in zip(cases, results):
        mine = [f for f in found if f.rule == entry.id]
        if kind == "bad" and isinstance(entry, Entry):
            for overlap in _overlaps(book, entry, text, mine, found):
                overlaps.setdefault(frozenset((entry.id, overlap.other.id)), overlap)
        if kind == "bad" and not mine:
            failures.append(Failure(entry, kind, text))
        elif kind == "good" and mine:
            failures.append(Failure(entry, kind, text, f" (matched {mine[0].matched!r})"))
        elif kind == "bad" and isinstance(entry, Entry) and mine[0].fix != "none" and mine[0].suggestion:
            rewrites.append((entry, text, mine[0].suggestion))
    for (entry, text, suggestion), found in zip(rewrites, _fired(linter, [s for _, _, s in rewrites])):
        if any(f.rule == entry.id for f in found):
            failures.append(Failure(entry, "rewrite", text, f" -> {suggestion!r}"))
    moves = [m for m in book.moves if not only_files or m.origin.path in only_files]
    move_cases = [(m, "match", t) for m in moves for t in m.carried_by] + [
        (m, "no_match", t) for m in moves for t in m.not_carried_by
    ]
    if move_cases:
        state = sequences.prepare(book, linter.nlp, frozenset(m.name for m in book.moves))
        for move, kind, text in move_cases:
            if (move.name in state.moves_of(text, (move.name,))) != (kind == "match"):
                failures.append(Failure(move, kind, text))
    examples = len(cases) + len(rewrites) + len(move_cases)
    return Outcome(len(entries) + len(moves), examples, tuple(failures), tuple(overlaps.values()))


def _overlaps(book: Phrasebook, entry: Entry, text: str, mine: list[Finding], found: list[Finding]) -> list[Overlap]:
    """Another entry's findings in a bad example of `entry`'s that share characters with `entry`'s own."""
    out = []
    for f in found:
        other = book.entry(f.rule) if f.rule != entry.id else None
        if other is None:
            continue
        for own in mine:
            start, end = max(own.start, f.start), min(own.end, f.end)
            if start < end:
                out.append(Overlap(entry, other, text, text[start:end].strip(), _earlier(book, entry, other)))
                break
    return out


def _earlier(book: Phrasebook, a: Entry, b: Entry) -> Entry | None:
    """Of two entries in different phrasebooks, the one layered first; None when one file holds both."""
    if a.origin.path == b.origin.path:
        return None
    order = {path: i for i, path in enumerate(book.files)}
    return a if order.get(a.origin.path, -1) < order.get(b.origin.path, -1) else b
