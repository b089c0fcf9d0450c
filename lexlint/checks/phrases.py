"""Phrase rules: `avoid` patterns found in the text, less those inside an `unless` match."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from lexlint.rulebook import patterns
from lexlint.checks import rewrite
from lexlint.checks._matchers import KeyedPattern, Match, Matchers, SplitMatchers, TokenMatchers
from lexlint.errors import PhrasebookError
from lexlint.findings import Hit
from lexlint.nlp import tokenize
from lexlint.rulebook.phrasebook import Entry, Phrasebook, PatternSpec
from lexlint.sources.segments import OPENS_WITH_MENTION, Segment
from lexlint.spans import Cover, nested

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

KIND = "phrases"
SEP = "\x1f"
CONTEXT_CACHE = 256


@dataclass(frozen=True)
class Compiled:
    matchers: Matchers
    entries: dict[str, Entry]
    keys: dict[int, tuple[str, bool, bool]]  # matcher key -> (entry id, is unless, anchored)
    roles: dict[int, tuple[str | None, ...]]  # matcher key -> slot name of each pattern token
    tries: dict[int, str]  # matcher key -> the rewrite of an avoid pattern that has its own
    context_moves: Callable[[str], frozenset[str]] | None = None  # the `answers` moves a customer's message carries


def prepare(book: Phrasebook, nlp: Language, split: bool = True) -> Compiled:
    """Every entry's avoid and unless patterns, one key per variant: literal phrases in a PhraseMatcher
    and the rest in token Matchers (split=True), or all in one token Matcher (split=False)."""
    keyed: list[KeyedPattern] = []
    keys: dict[int, tuple[str, bool, bool]] = {}
    roles: dict[int, tuple[str | None, ...]] = {}
    tries: dict[int, str] = {}
    for entry in book.entries:
        for is_unless, specs in ((False, entry.avoid), (True, entry.unless)):
            label = f"{entry.id}{SEP}{'u' if is_unless else 'a'}"
            for key, spec, variant, pattern in compile_patterns(nlp, label, specs):
                keyed.append(pattern)
                keys[key] = (entry.id, is_unless, spec.phrase.anchored)
                roles[key] = variant.roles
                if spec.try_ is not None:
                    tries[key] = spec.try_
    build = SplitMatchers.build if split else TokenMatchers.build
    return Compiled(build(nlp, keyed), {e.id: e for e in book.entries}, keys, roles, tries, _answers_finder(book, nlp))


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


def compile_patterns(
    nlp: Language, label: str, specs: Iterable[PatternSpec]
) -> Iterator[tuple[int, PatternSpec, patterns.Variant, KeyedPattern]]:
    """Compile each pattern into its variants, keyed `label` + pattern and variant index;
    yields each matcher key with the pattern, the variant and the keyed token pattern to build matchers from."""
    for i, spec in enumerate(specs):
        for j, variant in enumerate(_compile(spec)):
            key_name = f"{label}{i}.{j}"
            if spec.phrase.raw:  # the mini-language compiles to valid patterns by construction
                _validate(nlp, key_name, variant, spec)
            yield nlp.vocab.strings.add(key_name), spec, variant, KeyedPattern(key_name, variant.tokens)


def _compile(spec: PatternSpec) -> list[patterns.Variant]:
    try:
        return patterns.compile_phrase(spec.phrase, tokenize)
    except patterns.PatternSyntaxError as exc:
        raise PhrasebookError(f"pattern {spec.phrase.source!r}: {exc}", *spec.origin) from None


def _validate(nlp: Language, key: str, variant: patterns.Variant, spec: PatternSpec) -> None:
    from spacy.matcher import Matcher

    try:
        Matcher(nlp.vocab, validate=True).add(key, [list(variant.tokens)], greedy="LONGEST")
    except (ValueError, KeyError, TypeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PhrasebookError(f"pattern {spec.phrase.source!r} does not compile: {first}", *spec.origin) from None


def check(doc: Doc, segment: Segment, rules: Compiled) -> Iterator[Hit]:
    if not rules.entries:
        return
    kept: list[tuple[int, int, str, int, list[int]]] = []
    for entry_id, found in uncovered(doc, rules.matchers(doc), rules.keys).items():
        last_end = -1  # kept matches do not overlap, and come in order
        for key, start, end, align in sorted(found, key=lambda m: (m[1], -(m[2] - m[1]))):
            if start >= last_end:
                last_end = end
                kept.append((start, end, entry_id, key, align))
    # one finding per problem: a match inside another entry's longer match is its detail, not a second finding
    inner = nested((start, end) for start, end, *_ in kept)
    answered = rules.context_moves(segment.context) if rules.context_moves and segment.context.strip() else None
    planned = [_plan(doc, segment, rules.entries[entry_id], start, end, _slots(doc, segment, start, align, rules.roles[key]),
                     rules.tries.get(key))
               for start, end, entry_id, key, align in kept if (start, end) not in inner
               and (answered is None or not rules.entries[entry_id].answers
                    or answered.intersection(rules.entries[entry_id].answers))]
    yield from _worded(doc, segment, planned)


def uncovered(doc: Doc, matches: Iterable[Match], keys: dict[int, tuple[str, bool, bool]]) -> dict[str, list[Match]]:
    """The matches of each owner (an entry, a move), less those inside one of the owner's own `unless`
    matches; an anchored pattern's only where it starts a sentence. `keys`: matcher key -> (owner,
    is unless, anchored)."""
    found: dict[str, list[Match]] = defaultdict(list)
    covers: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for match in matches:
        owner, is_unless, anchored = keys[match[0]]
        if is_unless:
            covers[owner].append((match[1], match[2]))
        elif not anchored or starts_sentence(doc, match[1]):
            found[owner].append(match)
    for owner, spans in covers.items():
        if owner in found:
            cover = Cover(spans)
            found[owner] = [m for m in found[owner] if not cover.covers(m[1], m[2])]
    return found


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """The token range of the sentence holding token i (Token.sent scans the whole doc; this scans the sentence)."""
    start = i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return start, end


def starts_sentence(doc: Doc, i: int) -> bool:
    """True when only punctuation, quotes, list markers or @mentions stand before token i in its sentence:
    a tweet or chat reply that opens "@jo_b Hi Jo," opens with its greeting."""
    j = i
    while not doc[j].is_sent_start:
        t = doc[j - 1]
        if not (t.is_punct or t.is_space or t.like_num or OPENS_WITH_MENTION.match(t.text)):
            return False
        j -= 1
    return True


def _slots(doc: Doc, segment: Segment, start: int, align: list[int], roles: tuple[str | None, ...]) -> dict[str, str]:
    """Slot texts of a match as written (placeholders and all), from the alignment of matched tokens to
    pattern tokens."""
    spans: dict[str, list[int]] = {}
    for offset, pattern_index in enumerate(align):
        role = roles[pattern_index]
        if role:
            spans.setdefault(role, []).append(start + offset)
    return {name: segment.unmasked(doc[idx[0]].idx, doc[idx[-1]].idx + len(doc[idx[-1]].text))
            for name, idx in spans.items()}


class _Plan(NamedTuple):
    """A finding before it is worded: its entry, the sentence it stands in (token range), the characters a
    rewrite replaces and with what (None: the entry advises, or a slot it needs was not captured)."""

    entry: Entry
    sentence: tuple[int, int]
    start: int
    end: int
    replacement: str | None


def _plan(doc: Doc, segment: Segment, entry: Entry, start: int, end: int, slots: dict[str, str],
          own_try: str | None = None) -> _Plan:
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
    moved = rewrite.fit_mood(text, s_char, e_char, filled, sentence_end, opens)
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
        yield Hit(plan.entry.id, plan.entry.severity, plan.start, plan.end, plan.entry.why, suggestion,
                  replacement if fix != "none" else None, fix)


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
