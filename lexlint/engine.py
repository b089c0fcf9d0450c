"""The engine: segments in, findings out — one pipeline, nlp.pipe over every segment, every check kind, and
the configuration applied. The one lint path every face calls: `Linter(book, config).lint(segments)`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from lexlint import checks, score
from lexlint import nlp as nlp_mod
from lexlint.checks import sequences
from lexlint.errors import InternalError
from lexlint.findings import Finding, Hit, SentenceMoves
from lexlint.rulebook.builtins import builtin
from lexlint.rulebook.forms import save_forms
from lexlint.rulebook.patterns import attrs_used
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.settings.config import adjuster, configured
from lexlint.sources.segments import Excerpt, LineIndex, Segment, Suppression, excerpt, pieces

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc

    from lexlint.settings.config import Config

    DocSeen = Callable[[int, Segment, Doc], None]  # shown a segment's index, the segment and its doc, once checked

BATCH_SIZE = 256


def attrs_read(book: Phrasebook) -> frozenset[str]:
    """The token attributes the book's raw patterns read (lexlint's own checks need no more than LOWER,
    IS_ALPHA, IS_STOP, IS_PUNCT, IS_SPACE, LIKE_NUM and sentence starts, which every pipeline has)."""
    attrs = frozenset().union(*(attrs_used(p.phrase) for e in book.entries for p in e.avoid + e.unless))
    return attrs | frozenset().union(*(attrs_used(p.phrase) for m in book.moves for p in m.match + m.unless))


@dataclass
class Linter:
    """A phrasebook compiled against its pipeline, with the configuration to apply (None: every finding as
    the rules give it); build once, lint many segments."""

    book: Phrasebook
    config: Config | None = None

    def __post_init__(self) -> None:
        attrs = attrs_read(self.book)
        self.nlp = nlp_mod.pipeline(nlp_mod.tier_for(attrs), attrs)
        self.kinds = checks.kinds()
        self.states: dict[str, Any] = {kind.KIND: kind.prepare(self.book, self.nlp) for kind in self.kinds}
        self._ordering = frozenset(rule.id for rule in self.book.sequences)  # scored per message (lexlint.score)
        self._moves: dict[frozenset[str], sequences.CompiledMoves] = {}  # by the moves a face asks for, built then
        save_forms()  # the next process skips building the lemma table

    def hits(
        self, segments: list[Segment], seen: DocSeen | None = None
    ) -> Iterator[tuple[Segment, list[Hit], list[Suppression]]]:
        """Each segment with its hits (segment offsets) left after its suppressions, and the unused
        suppressions; `seen`, when given, is shown each segment and its doc (with its index) once it is checked."""
        docs = nlp_mod.pipe(self.nlp, (s.text for s in segments), BATCH_SIZE)
        for i, (segment, doc) in enumerate(zip(segments, docs)):
            found: list[Hit] = []
            for kind in self.kinds:
                found.extend(kind.check(doc, segment, self.states[kind.KIND]))
            if seen is not None:
                seen(i, segment, doc)
            kept, unused = _apply_suppressions(found, segment.suppressions)
            yield segment, sorted(kept, key=lambda h: (h.start, h.end, h.rule)), unused

    def whole_hits(self, segments: list[Segment], memo: Memo | None = None) -> Iterator[tuple[Segment, list[Hit]]]:
        """Like `hits`, over-long segments linted piece by piece as `lint` does (the pipeline takes at most
        MAX_PIECE_CHARS characters at once), each piece's hits given in its whole segment's offsets; with
        `memo`, as `lint` with it."""
        for segment, hits, _unused in self._pieced(split_pieces(segments), memo):
            yield segment, hits

    def _pieced(
        self, pieced: list[Piece], memo: Memo | None = None, seen: DocSeen | None = None
    ) -> Iterator[tuple[Segment, list[Hit], list[Suppression]]]:
        """`hits` of each piece, given with its whole segment and in its offsets (so a finding shows its
        message's line as the message has it, not as a piece was cut), and the piece's unused suppressions;
        with `memo`, only the pieces it does not know are checked. `seen` (without a memo) is shown each piece
        and its doc, with the index of its segment."""
        parts = [p.piece for p in pieced]
        if memo is not None and seen is not None:
            raise InternalError("a memo's hits come without their docs: `seen` cannot be shown them")
        found: Iterable[tuple[Segment, list[Hit], list[Suppression]]]
        if memo is not None:
            found = memo.hits(self, parts)
        elif seen is not None:
            found = self.hits(parts, lambda i, piece, doc: seen(pieced[i].owner, piece, doc))
        else:
            found = self.hits(parts)
        for (segment, shift, _piece, _owner), (_, hits, unused) in zip(pieced, found):
            yield (
                segment,
                [h._replace(start=h.start + shift, end=h.end + shift) for h in hits] if shift else hits,
                unused,
            )

    def lint(self, segments: Iterable[Segment], memo: Memo | None = None) -> list[Finding]:
        """The findings in `segments`, as the configuration reports them; with `memo`, only the segments
        that differ from those of its last lint are checked again (an editor's document, edited)."""
        found = self.rule_findings(segments) if memo is None else self._rule_findings(split_pieces(segments), memo)
        return configured(found, self.config, self.book)

    def fixes(self, segments: list[Segment], memo: Memo | None = None) -> Iterator[tuple[Segment, Hit, Finding]]:
        """Each hit in `segments` (segments of one file) with its finding, as the configuration reports it:
        what `--fix` rewrites (with `memo`, as `lint` with it)."""
        if not segments:
            return
        index = LineIndex(segments[0].source)
        adjust = adjuster(self.config, self.book)
        for segment, hits in self.whole_hits(segments, memo):
            for hit in hits:
                kept = adjust(to_finding(segment, hit, index))
                if kept is not None:
                    yield segment, hit, kept

    def sentences(self, segments: Iterable[Segment]) -> list[SentenceMoves]:
        """Every sentence of `segments` with the moves it carries, of all the phrasebook's moves (not only
        those its rules name): a message's shape, for a face to draw."""
        shape = self._shape()
        parts = [p.piece for p in split_pieces(segments)]
        for piece, doc in zip(parts, nlp_mod.pipe(self.nlp, (s.text for s in parts), BATCH_SIZE)):
            shape(0, piece, doc)
        return shape.sentences

    def lint_shaped(self, segments: Iterable[Segment]) -> tuple[list[Finding], list[SentenceMoves]]:
        """`lint` and `sentences` from one pass of the pipeline: the writer's page asks for both as it types."""
        shape = self._shape()
        found = self._rule_findings(split_pieces(segments), seen=shape)
        return configured(found, self.config, self.book), shape.sentences

    def _shape(self) -> _Shape:
        return _Shape(self._moves_state(frozenset(m.name for m in self.book.moves)))

    def lint_applying(self, segments: Iterable[Segment]) -> tuple[list[Finding], list[frozenset[str]]]:
        """`lint`, and for each segment the conditional ordering rules (those with a `when`: empathy first
        when there is a problem) that applied to it, as the ordering check decided (its channels, length,
        `when` in the message or the customer's, `unless`): for a face that counts how many of the messages a
        rule applies to keep it."""
        segments = list(segments)
        applied: list[frozenset[str]] = [frozenset()] * len(segments)

        def seen(n: int, _piece: Segment, doc: Doc) -> None:
            applied[n] |= doc.user_data.get(sequences.APPLIED, frozenset())

        return configured(self._rule_findings(split_pieces(segments), seen=seen), self.config, self.book), applied

    def _moves_state(self, moves: frozenset[str]) -> sequences.CompiledMoves:
        """The matchers for these moves, built once per Linter."""
        state = self._moves.get(moves)
        if state is None:
            state = self._moves[moves] = sequences.prepare(self.book, self.nlp, moves)
        return state

    def rule_findings(self, segments: Iterable[Segment]) -> list[Finding]:
        """The findings in `segments` as the rules give them, before the configuration (what the cache keeps:
        it does not depend on the configuration)."""
        return self._rule_findings(split_pieces(segments))

    def piece_findings(self, parts: list[Piece]) -> list[Finding]:
        """`rule_findings` of a run of consecutive pieces of `split_pieces(segments)`: the findings of its runs,
        put together in order, are those of the segments, so that workers can share the pieces of one long
        text as they share the segments of many."""
        return self._rule_findings(parts)

    def _rule_findings(
        self, pieced: list[Piece], memo: Memo | None = None, seen: DocSeen | None = None
    ) -> list[Finding]:
        out: list[Finding] = []
        lines: dict[str, LineIndex] = {}
        last: Segment | None = None
        at = n_words = 0  # the message's score fields, worked out once however many pieces it was linted in
        for segment, hits, unused in self._pieced(pieced, memo, seen):
            if not hits and not unused:
                continue
            index = lines.get(segment.path) or lines.setdefault(segment.path, LineIndex(segment.source))
            if last is not segment:
                last, at, n_words = segment, segment.offsets.start(0), score.words(segment.text)
            found = [
                to_finding(segment, hit, index)._replace(
                    message_at=at, message_words=n_words, ordering=hit.rule in self._ordering
                )
                for hit in hits
            ]
            found += [
                unused_suppression(segment, s, index)._replace(message_at=at, message_words=n_words) for s in unused
            ]
            out.extend(sorted(found, key=lambda f: (f.start, f.end, f.rule)) if unused else found)
        return out


class Piece(NamedTuple):
    """What the pipeline takes at once: a segment, or a piece of an over-long one, with where it starts in its
    segment and the index of its segment among those split."""

    segment: Segment
    shift: int
    piece: Segment
    owner: int


def split_pieces(segments: Iterable[Segment]) -> list[Piece]:
    """Every piece of every segment, in order."""
    out: list[Piece] = []
    for n, segment in enumerate(segments):
        shift = 0
        for piece in pieces(segment):
            out.append(Piece(segment, shift, piece, n))
            shift += len(piece.text)
    return out


class _Shape:
    """Shown each checked piece and its doc, gathers its sentences and the moves each carries (of every move)."""

    def __init__(self, every_move: sequences.CompiledMoves) -> None:
        self.every_move = every_move
        self.sentences: list[SentenceMoves] = []
        self._lines: dict[str, LineIndex] = {}

    def __call__(self, _n: int, piece: Segment, doc: Doc) -> None:
        index = self._lines.get(piece.path) or self._lines.setdefault(piece.path, LineIndex(piece.source))
        for start, end, moves in sequences.sentence_moves(doc, piece, self.every_move):
            first, last = piece.offsets.span(start, end)
            self.sentences.append(
                SentenceMoves(
                    piece.path,
                    *index.position(first),
                    *index.position(last),
                    piece.source[first:last],
                    tuple(sorted(moves)),
                    piece.name,
                )
            )


class Memo:
    """The hits of the segments a Linter checked last, by all that a check reads of a segment (its text as
    masked and as written, channel, context, turns, suppressions), never where it stands in its file: a
    document linted again after an edit has only the segments that changed checked, the others' hits
    placed where their segments now stand. One memo follows one document with one Linter; it keeps the
    segments of its last lint only."""

    def __init__(self) -> None:
        self._known: dict[tuple[object, ...], tuple[list[Hit], tuple[int, ...]]] = {}
        self._linter: Linter | None = None
        self.checked = 0  # how many segments (pieces) the last lint checked anew

    @staticmethod
    def key(segment: Segment) -> tuple[object, ...]:
        rules = tuple((s.rules, s.start, s.end) for s in segment.suppressions)
        return (
            segment.text,
            segment.unmasked_text,
            segment.channel,
            segment.context,
            segment.draft,
            segment.placeholders,
            segment.turns,
            rules,
        )

    def hits(self, linter: Linter, segments: list[Segment]) -> list[tuple[Segment, list[Hit], list[Suppression]]]:
        """`linter.hits(segments)`, the segments met in the last lint not checked again (all of it at once:
        the memo then holds these segments, however much of the answer a caller reads)."""
        if self._linter is not linter:  # another phrasebook or configuration: nothing known holds
            self._known, self._linter = {}, linter
        keys = [self.key(s) for s in segments]
        unknown = {k: s for s, k in zip(segments, keys) if k not in self._known}  # each checked once
        self.checked = len(unknown)
        for k, (segment, hits, unused) in zip(unknown, linter.hits(list(unknown.values()))):
            self._known[k] = hits, tuple(i for i, s in enumerate(segment.suppressions) if s in unused)
        self._known = {k: self._known[k] for k in keys}
        return [(s, self._known[k][0], [s.suppressions[i] for i in self._known[k][1]]) for s, k in zip(segments, keys)]


def _apply_suppressions(hits: list[Hit], suppressions: tuple[Suppression, ...]) -> tuple[list[Hit], list[Suppression]]:
    if not suppressions:
        return hits, []
    used: set[Suppression] = set()
    kept: list[Hit] = []
    for h in hits:
        by = [s for s in suppressions if s.start <= h.start < s.end and (not s.rules or h.rule in s.rules)]
        used.update(by)
        if not by:
            kept.append(h)
    return kept, [s for s in suppressions if s not in used]


def unused_suppression(segment: Segment, s: Suppression, index: LineIndex) -> Finding:
    rule = builtin("unused-suppression")
    return _finding(segment, Hit(rule.id, rule.severity, 0, 0, rule.message), s.file_start, s.file_end, index)


def to_finding(segment: Segment, hit: Hit, index: LineIndex) -> Finding:
    """What `hit` reports, with the message's line around it when the file's line does not show it as written
    (found here, where the segment is at hand: a cached finding carries it, and no report decodes a file)."""
    shown = excerpt(segment, hit.start, hit.end)
    return _finding(segment, hit, *segment.offsets.span(hit.start, hit.end), index, shown)


def _finding(
    segment: Segment, hit: Hit, start: int, end: int, index: LineIndex, shown: Excerpt | None = None
) -> Finding:
    """What `hit` reports, at file offsets [start, end) of the segment's file."""
    line, col = index.position(start)
    end_line, end_col = index.position(end)
    return Finding(
        path=segment.path,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        rule=hit.rule,
        severity=hit.severity,
        message=hit.message,
        matched=segment.source[start:end],
        suggestion=hit.suggestion,
        fix=hit.fix,
        start=start,
        end=end,
        replacement=hit.replacement,
        name=segment.name,
        excerpt=shown.text if shown else None,
        excerpt_start=shown.start if shown else 0,
        excerpt_end=shown.end if shown else 0,
    )
