"""Phrase rules: `avoid` patterns found in the text, less those inside an `unless` match."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from lexlint.checks import rewrite
from lexlint.checks._keys import LABEL_SEP, MatchKey, compile_patterns, starts_sentence, uncovered
from lexlint.checks._matchers import KeyedPattern, Matchers, SplitMatchers
from lexlint.findings import Hit
from lexlint.rulebook import patterns
from lexlint.rulebook.phrasebook import Entry, Phrasebook
from lexlint.sources.segments import Segment
from lexlint.spans import nested

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

KIND = "phrases"
CONTEXT_CACHE = 256


@dataclass(frozen=True)
class CompiledEntries:
    """The phrase rules of a phrasebook, ready to run: its entries, their variants' matchers and keys."""

    matchers: Matchers
    entries: dict[str, Entry]
    keys: dict[int, MatchKey]  # matcher key -> the entry and pattern variant it stands for
    context_moves: Callable[[str], frozenset[str]] | None = None  # the `answers` moves a customer's message carries


def keyed_patterns(book: Phrasebook, nlp: Language) -> tuple[list[KeyedPattern], dict[int, MatchKey]]:
    """Every entry's avoid and unless patterns, one key per variant, in the order matchers are built from."""
    keyed: list[KeyedPattern] = []
    keys: dict[int, MatchKey] = {}
    for entry in book.entries:
        for is_unless, specs in ((False, entry.avoid), (True, entry.unless)):
            label = f"{entry.id}{LABEL_SEP}{'u' if is_unless else 'a'}"
            for key, spec, variant, pattern in compile_patterns(nlp, label, specs):
                keyed.append(pattern)
                keys[key] = MatchKey(
                    entry.id, is_unless, spec.phrase.anchored, variant.roles, spec.try_, variant.lent()
                )
    return keyed, keys


def prepare(book: Phrasebook, nlp: Language) -> CompiledEntries:
    """The entries' variants matched together: literal phrases in a PhraseMatcher, the rest in token Matchers."""
    keyed, keys = keyed_patterns(book, nlp)
    return CompiledEntries(
        SplitMatchers.build(nlp, keyed), {e.id: e for e in book.entries}, keys, _answers_finder(book, nlp)
    )


def _answers_finder(book: Phrasebook, nlp: Language) -> Callable[[str], frozenset[str]] | None:
    """Which of the moves entries answer (`answers:`) a customer's message carries; None when no entry asks."""
    wanted = tuple(sorted({m for e in book.entries for m in e.answers}))
    if not wanted:
        return None
    from lexlint.checks import sequences  # the moves are matched as the ordering rules match them

    moves = sequences.prepare(book, nlp, frozenset(wanted)).moves_of  # matchers for these moves only

    @lru_cache(maxsize=CONTEXT_CACHE)
    def context_moves(text: str) -> frozenset[str]:
        return moves(text, wanted)

    return context_moves


def check(doc: Doc, segment: Segment, rules: CompiledEntries) -> Iterator[Hit]:
    if not rules.entries:
        return
    kept: list[tuple[int, int, str, MatchKey, list[int]]] = []
    for entry_id, found in uncovered(doc, rules.matchers(doc), rules.keys).items():
        last_end = -1  # kept matches do not overlap, and come in order
        for match in sorted(found, key=lambda m: (m.start, m.start - m.end)):
            if match.start >= last_end:
                last_end = match.end
                kept.append((match.start, match.end, entry_id, rules.keys[match.key], match.align))
    # one finding per problem: a match inside another entry's longer match is its detail, not a second finding
    inner = nested((start, end) for start, end, *_ in kept)
    planned = [
        _plan(
            doc,
            segment,
            rules.entries[entry_id],
            start,
            end,
            _slots(doc, segment, start, align, key),
            key.own_try,
        )
        for start, end, entry_id, key, align in kept
        if (start, end) not in inner and _answers(rules, rules.entries[entry_id], segment, doc[start].idx)
    ]
    yield from _worded(doc, segment, planned)


def _answers(rules: CompiledEntries, entry: Entry, segment: Segment, at: int) -> bool:
    """Whether an entry that fires only as an answer (`answers: [thanks]`) answers what the customer said
    before it (the call's turn before, or the message it replies to); any entry fires when nothing is known
    of the customer's words."""
    if not entry.answers or rules.context_moves is None:
        return True
    said = segment.answering(at)
    return not said.strip() or bool(rules.context_moves(said).intersection(entry.answers))


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """The token range of the sentence holding token i (Token.sent scans the whole doc; this scans the sentence)."""
    start = i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return start, end


def _slots(doc: Doc, segment: Segment, start: int, align: list[int], key: MatchKey) -> dict[str, str]:
    """Slot texts of a match as written (placeholders and all), from the alignment of matched tokens to
    pattern tokens."""
    if not any(key.roles):
        return {}
    words = [t.lower_ for t in doc[start : start + len(align)]]
    spans = patterns.slot_tokens(align, key.roles, key.lent, words)
    return {
        name: segment.unmasked(doc[start + idx[0]].idx, doc[start + idx[-1]].idx + len(doc[start + idx[-1]].text))
        for name, idx in spans.items()
    }


class _Plan(NamedTuple):
    """A finding before it is worded: its entry, the sentence it stands in (token range), the characters a
    rewrite replaces and with what (None: the entry advises, or a slot it needs was not captured)."""

    entry: Entry
    sentence: tuple[int, int]
    start: int
    end: int
    replacement: str | None


def _plan(
    doc: Doc, segment: Segment, entry: Entry, start: int, end: int, slots: dict[str, str], own_try: str | None = None
) -> _Plan:
    span = doc[start:end]
    s_char, e_char = span.start_char, span.end_char
    sentence = sentence_bounds(doc, start)
    chosen = own_try if own_try is not None else entry.rewrite
    filled = rewrite.fill(chosen, slots) if chosen is not None else None
    if filled is None:
        return _Plan(entry, sentence, s_char, e_char, None)
    text = segment.text
    opens = starts_sentence(doc, start)
    filled = rewrite.fit_case(filled, span.text, opens)
    sentence_end = doc[sentence[1] - 1].idx + len(doc[sentence[1] - 1].text)
    moved = rewrite.fit_mood(text, s_char, e_char, filled, sentence_end, opens, segment.unmasked_text or text)
    s_char, e_char, filled = moved if moved[1] != e_char else rewrite.fit_span(text, s_char, e_char, filled)
    return _Plan(entry, sentence, *rewrite.fit_articles(text, s_char, e_char, filled))


def _worded(doc: Doc, segment: Segment, planned: list[_Plan]) -> Iterator[Hit]:
    """Each plan as a finding. A rewrite's suggestion is its whole sentence with every rewrite found in that
    sentence applied together, as written (placeholders unmasked); an advising entry's is its advice."""
    together: dict[tuple[int, int], str] = {}
    for plan in planned:
        if plan.replacement is None:
            suggestion, replacement, fix = plan.entry.advice, None, "none"
        else:
            if plan.sentence not in together:
                together[plan.sentence] = _sentence_with(doc, segment, plan.sentence, planned)
            suggestion, replacement, fix = together[plan.sentence], plan.replacement, plan.entry.fix
        yield Hit(
            plan.entry.id,
            plan.entry.severity,
            plan.start,
            plan.end,
            plan.entry.why,
            suggestion,
            replacement if fix != "none" else None,
            fix,
        )


def _sentence_with(doc: Doc, segment: Segment, sentence: tuple[int, int], planned: list[_Plan]) -> str:
    start = doc[sentence[0]].idx
    last = doc[sentence[1] - 1]
    end = last.idx + len(last.text)
    edits = sorted((p for p in planned if p.sentence == sentence and p.replacement is not None), key=lambda p: p.start)
    out: list[str] = []
    pos = start
    for plan in edits:
        if plan.start < pos:  # overlaps an earlier rewrite: that one stands
            continue
        out.append(segment.unmasked(pos, plan.start))
        out.append(plan.replacement or "")
        pos = plan.end
    out.append(segment.unmasked(pos, max(end, pos)))
    return "".join(out).strip()
