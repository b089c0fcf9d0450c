"""The engine: segments in, findings out — one pipeline, nlp.pipe over every segment, every check kind."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lexlint import checks, nlp as nlp_mod
from lexlint.findings import Finding, Hit
from lexlint.patterns import attrs_used
from lexlint.phrasebook import Phrasebook
from lexlint.segments import LineIndex, Segment

BATCH_SIZE = 256


def tier_for_book(book: Phrasebook) -> str:
    attrs = frozenset().union(*(attrs_used(p.phrase) for e in book.entries for p in e.avoid + e.unless))
    attrs |= frozenset().union(*(attrs_used(p.phrase) for m in book.moves for p in m.match + m.unless))
    return nlp_mod.tier_for(attrs)


@dataclass
class Linter:
    """A phrasebook compiled against its pipeline; build once, lint many segments."""

    book: Phrasebook

    def __post_init__(self) -> None:
        self.nlp = nlp_mod.pipeline(tier_for_book(self.book))
        self.kinds = checks.kinds()
        self.states: dict[str, Any] = {
            kind.KIND: kind.prepare(self.book, self.nlp) if hasattr(kind, "prepare") else self.book
            for kind in self.kinds
        }

    def hits(self, segments: list[Segment]) -> Iterator[tuple[Segment, list[Hit]]]:
        """Each segment with its hits (segment offsets), suppressions applied, in order."""
        docs = self.nlp.pipe((s.text for s in segments), batch_size=BATCH_SIZE)
        for segment, doc in zip(segments, docs):
            found: list[Hit] = []
            for kind in self.kinds:
                found.extend(kind.check(doc, segment, self.states[kind.KIND]))
            yield segment, sorted(_unsuppressed(found, segment), key=lambda h: (h.start, h.end, h.rule))

    def lint(self, segments: Iterable[Segment]) -> list[Finding]:
        segments = list(segments)
        out: list[Finding] = []
        lines: dict[str, LineIndex] = {}
        for segment, hits in self.hits(segments):
            index = lines.get(segment.path)
            if index is None or len(segments) == 1:
                index = lines[segment.path] = LineIndex(segment.source)
            out.extend(to_finding(segment, hit, index) for hit in hits)
        return out


def _unsuppressed(hits: list[Hit], segment: Segment) -> list[Hit]:
    if not segment.suppressions:
        return hits
    return [
        h for h in hits
        if not any(s.start <= h.start < s.end and (not s.rules or h.rule in s.rules) for s in segment.suppressions)
    ]


def to_finding(segment: Segment, hit: Hit, index: LineIndex) -> Finding:
    start, end = segment.offsets.span(hit.start, hit.end)
    line, col = index.position(start)
    end_line, end_col = index.position(end)
    return Finding(
        path=segment.path, line=line, column=col, end_line=end_line, end_column=end_col,
        rule=hit.rule, severity=hit.severity, message=hit.message, matched=segment.text[hit.start : hit.end],
        suggestion=hit.suggestion, fix=hit.fix, start=start, end=end, replacement=hit.replacement,
        name=segment.name,
    )
