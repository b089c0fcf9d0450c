"""Sequences: the sentences of a message marked with the moves they carry (greeting, empathy, fix …), then
the order and structure rules over them. A message is searched only for the moves its rules ask about,
and a `first`/`last` move only in those sentences. The customer's message (segment.context) counts for
`when`, never for findings."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

import yaml

from lexlint.checks._keys import LABEL_SEP, MatchKey, compile_patterns, uncovered
from lexlint.checks._matchers import KeyedPattern, SplitMatchers, words_of
from lexlint.checks.rewrite import TERMINAL
from lexlint.findings import Hit
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.rulebook.resources import rules_dir
from lexlint.rulebook.sequences import Move, SequenceRule
from lexlint.sources.segments import Segment

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

KIND = "sequences"
APPLIED = "lexlint.applied"  # doc.user_data: the conditional rules (with a `when`) that applied to the message
CONTEXT_CACHE = 256
WORDED_CACHE = 1024


class Wording(NamedTuple):
    message: str
    suggestion: str
    insert: str | None = None  # where the suggested line goes, when it is one to write in (INSERT_PLACES)


INSERT_PLACES = ("before", "after", "opening", "ending")  # the span's sentence, or the message as a whole


@cache
def _wording_data() -> dict[str, dict[str, str]]:
    return yaml.safe_load((rules_dir() / "_sequences.yaml").read_text(encoding="utf-8"))


@cache
def wordings() -> dict[str, Wording]:
    return {
        key: Wording(spec["message"], spec["suggestion"], spec.get("insert"))
        for key, spec in _wording_data().items()
        if key != "names"
    }


def move_name(move: str) -> str:
    """What a writer calls a move, with its article ("a next step" for fix)."""
    return _wording_data().get("names", {}).get(move) or f"a {move}"


def _bare(name: str) -> str:
    """The name without its article, after "no" or "any"."""
    return name.split(" ", 1)[1] if name.startswith(("a ", "an ")) else name


ENGLISH_MIN_WORDS = 6
ENGLISH_STOP_SHARE = 0.2
_HEADING = re.compile(r"\s*#{1,6}\s")
_HASH_SPACE = re.compile(r"#\s")  # in every heading; not in a hashtag


class Sentence(NamedTuple):
    span: Span
    moves: frozenset[str]


@dataclass(frozen=True)
class CompiledMoves:
    """The moves the sequence rules name, ready to find in a message, and the rules over them."""

    matchers: dict[str, SplitMatchers]  # move -> its match and unless patterns, for every move a rule names
    keys: dict[int, MatchKey]  # matcher key -> the move and pattern variant it stands for
    moves: dict[str, Move]
    rules: tuple[SequenceRule, ...]
    context_moves: Callable[[str], frozenset[str]]  # the `when` moves of the customer's message (when_in customer)
    moves_of: Callable[[str, tuple[str, ...]], frozenset[str]]  # which of these moves a text carries


def prepare(book: Phrasebook, nlp: Language, moves: frozenset[str] | None = None) -> CompiledMoves:
    """Matchers for each move a rule names (built like the phrase rules' matchers): a message is searched
    only for the moves its rules ask about, and only where they ask (a `first`/`last` position). With
    `moves`, for those moves only (the moves an entry `answers`, every move for the moves' own examples)."""
    named = moves if moves is not None else {m for rule in book.sequences for m in rule.moves_named()}
    keys: dict[int, MatchKey] = {}
    matchers: dict[str, SplitMatchers] = {}
    anchored: set[str] = set()  # moves with a pattern that must start a sentence
    for move in book.moves:
        if move.name not in named:
            continue
        keyed: list[KeyedPattern] = []
        for is_unless, specs in ((False, move.match), (True, move.unless)):
            label = f"move{LABEL_SEP}{move.name}{LABEL_SEP}{'u' if is_unless else 'm'}"
            for key, spec, _variant, pattern in compile_patterns(nlp, label, specs):
                keyed.append(pattern)
                keys[key] = MatchKey(move.name, is_unless, spec.phrase.anchored)
                if spec.phrase.anchored:
                    anchored.add(move.name)
        matchers[move.name] = SplitMatchers.build(nlp, keyed)
    # the `when` moves read in the customer's message: those of rules whose `when_in` takes it in
    when = tuple(sorted({m for rule in book.sequences if rule.when_customer for m in rule.when}))

    def moves_of(text: str, wanted: tuple[str, ...]) -> frozenset[str]:
        if not wanted or not text.strip():
            return frozenset()
        doc = nlp.make_doc(text)
        if not (
            anchored.intersection(wanted)
            or _HASH_SPACE.search(text)
            or any(matchers[m].needs_pipeline(doc) for m in wanted)
        ):
            # Every match then lies in a line (only a Markdown heading is not one), and none depends on
            # where sentences start: the words are enough, and the rest of the pipeline is skipped.
            return frozenset(move for move, _k in _found(doc, matchers, keys, wanted))
        doc = nlp(doc)
        lines = line_sentences(doc, text)
        return frozenset(move for move, _k in placed(doc, lines, _found(doc, matchers, keys, wanted)))

    @lru_cache(maxsize=CONTEXT_CACHE)
    def context_moves(text: str) -> frozenset[str]:
        return moves_of(text, when)

    return CompiledMoves(matchers, keys, {m.name: m for m in book.moves}, book.sequences, context_moves, moves_of)


def _found(
    doc: Doc,
    matchers: dict[str, SplitMatchers],
    keys: dict[int, MatchKey],
    moves: Iterable[str],
    window: tuple[int, int] | None = None,
) -> list[tuple[str, int]]:
    """Each of these moves found in the doc with the token it starts at, less those inside one of its own
    `unless` matches; with a window, only matches starting in that token range."""
    out: list[tuple[str, int]] = []
    for move in moves:
        out.extend(
            (move, match.start)
            for found in uncovered(doc, matchers[move](doc, window), keys).values()
            for match in found
        )
    return out


def line_sentences(doc: Doc, text: str) -> list[Span]:
    """The non-blank sentences of a doc. A Markdown heading is a title, not a line of the message: it is
    neither the opening nor the last word. `text` is the doc's text (Doc.text joins every token anew)."""
    return [s for s in doc.sents if _is_line(text[s.start_char : s.end_char])]


def placed(
    doc: Doc, lines: list[Span], found: Iterable[tuple[str, int]], until: int | None = None
) -> Iterator[tuple[str, int]]:
    """Each found move with the index of the line it belongs to: the line it starts in, or the line
    before a heading it starts in; a move before the first line, or at or after token `until` (the
    signature), belongs to none."""
    starts = [s.start for s in lines]
    for move, start in found:
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and (until is None or start < until):
            yield move, k


SIGNATURE_LINE_WORDS = 6  # a name, a title, a team and a phone number are short lines
_ENDS_SENTENCE = frozenset(".?!")


def signature_start(lines: list[Span], text: str) -> int:
    """The index of the first line of the signature that ends a letter (len(lines) when there is none): the
    short unpunctuated lines after a sign-off line ("Best," then "Dana", "Acme Support"), or after a blank
    line when the first of them is a name ("Dana Smith", "Acme Support | acme.com"). The sign-off itself
    is the message's last line; a signature is never the whole message."""
    k = len(lines)
    while k > 1 and _signature_line(lines[k - 1], text) and not _signs_off(lines[k - 1]):
        k -= 1
    if k == len(lines):
        return k
    if _signs_off(lines[k - 1]):
        return k
    name, above = _words(lines[k]), _words(lines[k - 1])
    gap = text[above[-1].idx + len(above[-1]) : name[0].idx] if above else ""
    if gap.count("\n") >= 2 and all(t.text.istitle() or not t.is_alpha for t in name):
        return k
    return len(lines)


def _words(line: Span) -> list[Token]:
    return [t for t in line if not t.is_space]


def _signature_line(line: Span, text: str) -> bool:
    """A short line of its own with no full stop, question or exclamation mark at its end."""
    words = _words(line)
    return (
        0 < len(words) <= SIGNATURE_LINE_WORDS
        and words[-1].text[-1] not in _ENDS_SENTENCE
        and text[: words[0].idx].rstrip(" \t").endswith("\n")
        and "\n" not in text[words[0].idx : words[-1].idx]
    )


def _signs_off(line: Span) -> bool:
    """A line that is only a sign-off: a few words and a comma ("Best," "Kind regards," "Thanks,")."""
    words = _words(line)
    return 0 < len(words) <= 4 and words[-1].text == "," and all(t.is_alpha for t in words[:-1])


def _is_line(text: str) -> bool:
    """A sentence's text (Span.text, sliced from the doc's text) holds words and is not a Markdown heading."""
    return bool(text.strip()) and not _HEADING.match(text)


def looks_english(doc: Doc) -> bool:
    """Whether enough of the words are common English function words: the moves are English phrases,
    so a message in another language would break every ordering rule for no reason of its own."""
    if len(doc) < ENGLISH_MIN_WORDS:
        return True
    words = words_of(doc)
    return words.alpha < ENGLISH_MIN_WORDS or words.alpha_stop >= ENGLISH_STOP_SHARE * words.alpha


def check(doc: Doc, segment: Segment, state: CompiledMoves) -> Iterator[Hit]:
    """Each rule is given the moves it asks about: `when`, `order` and `require` moves over the whole
    message, a `first`/`last` move over its first/last sentences only (where else it stands changes nothing)."""
    rules = [
        r
        for r in state.rules
        if (not r.channels or segment.channel in r.channels) and (r.when or _may_report(r, segment))
    ]
    if not rules or not looks_english(doc):
        return
    found_when = _found(doc, state.matchers, state.keys, sorted({m for r in rules for m in r.when}))
    if not found_when and all(r.when for r in rules) and not _customer_says_when(rules, segment, state):
        return  # no rule applies, wherever the message's lines turn out to be
    lines = line_sentences(doc, segment.text)
    lines = lines[: signature_start(lines, segment.text)]  # a name and a title under the sign-off are not lines
    rules = [r for r in rules if lines and len(lines) >= r.min_sentences]
    if not rules:
        return
    until = lines[-1].end
    when = {m for r in rules for m in r.when}
    found = list(placed(doc, lines, [f for f in found_when if f[0] in when], until))
    own = {move for move, _k in found}  # the message's own moves: `unless` reads these, never the customer's
    looks = any(r.when and r.when_customer and not own.intersection(r.when) for r in rules)
    customer = state.context_moves(segment.context) if looks else frozenset()
    rules = [r for r in rules if applies(r, own, customer)]
    unless = {m for r in rules for m in r.unless} - own
    if unless:
        own |= {move for move, _k in _found(doc, state.matchers, state.keys, sorted(unless))}
    rules = [r for r in rules if not own.intersection(r.unless)]
    doc.user_data[APPLIED] = frozenset(r.id for r in rules if r.when)
    anywhere = {m for r in rules for m in (*r.order, *r.require, *(r.answer_with if segment.turns else ()))} - when
    found += placed(doc, lines, _found(doc, state.matchers, state.keys, sorted(anywhere)), until)
    for rule in rules:
        for pos, edge in (
            (rule.first, lines[: rule.first.within] if rule.first else None),
            (rule.last, lines[-rule.last.within :] if rule.last else None),
        ):
            if pos and edge and pos.move not in anywhere | when:
                window = (edge[0].start, edge[-1].end)
                found += placed(doc, lines, _found(doc, state.matchers, state.keys, [pos.move], window), until)
    moves: list[set[str]] = [set() for _ in lines]
    for move, k in found:
        moves[k].add(move)
    sentences = [Sentence(span, frozenset(m)) for span, m in zip(lines, moves)]
    for rule in rules:
        yield from _violations(rule, sentences, state.moves)
        yield from _too_long(rule, sentences)
        if rule.answer and segment.turns:
            yield from _unanswered(rule, segment, sentences, state)


def _may_report(rule: SequenceRule, segment: Segment) -> bool:
    """Whether a rule has anything to check in this segment: an order, a move to require or to place, a
    length, or (in a call) the customer's last word to answer."""
    return bool(
        rule.order
        or rule.require
        or rule.first
        or rule.last
        or rule.max_sentences
        or rule.max_words
        or (rule.answer and segment.turns)
    )


def _customer_says_when(rules: list[SequenceRule], segment: Segment, state: CompiledMoves) -> bool:
    """Whether the customer's message carries a `when` move of a rule that reads it there."""
    wanted = {m for r in rules if r.when_customer for m in r.when}
    return bool(wanted) and bool(state.context_moves(segment.context).intersection(wanted))


def applies(rule: SequenceRule, own: Collection[str], customer: Collection[str]) -> bool:
    """Whether a rule applies to a message carrying the moves `own`, answering a customer's message that
    carries `customer`: it has no `when`, or the message carries one of its moves, or (unless its `when_in`
    leaves the customer out) the customer's message does."""
    when = rule.when
    return not when or any(m in own for m in when) or (rule.when_customer and any(m in customer for m in when))


def _too_long(rule: SequenceRule, sentences: list[Sentence]) -> Iterator[Hit]:
    """At the first sentence past the rule's most sentences, and at the one where the words pass its most."""
    if rule.max_sentences and len(sentences) > rule.max_sentences:
        over = sentences[rule.max_sentences]
        yield _hit(rule, "max-sentences", _sentence(over), within=rule.max_sentences, count=len(sentences))
    if rule.max_words:
        counts = [sum(1 for t in s.span if not (t.is_space or t.is_punct)) for s in sentences]
        if sum(counts) > rule.max_words:
            total = 0
            for sentence, n in zip(sentences, counts):
                total += n
                if total > rule.max_words:
                    yield _hit(rule, "max-words", _sentence(sentence), within=rule.max_words, count=sum(counts))
                    break


def _unanswered(rule: SequenceRule, segment: Segment, sentences: list[Sentence], state: CompiledMoves) -> Iterator[Hit]:
    """A call whose customer says thanks or goodbye last, after the agent has spoken (the call's closing):
    the agent speaks after it, and answers it."""
    said = [t for t in segment.turns if not t.agent]
    if not said:
        return
    last = said[-1]
    if not any(t.agent and t.start < last.start for t in segment.turns):
        return  # the customer opened and nothing came back yet: a request to answer, not a call's closing
    carried = [m for m in rule.answer if m in state.moves_of(last.said, rule.answer)]
    if not carried:
        return
    # a goodbye is answered by a goodbye; thanks by the first answer that is not itself a customer's move
    answer = (
        carried[0]
        if carried[0] in rule.answer_with
        else next((m for m in rule.answer_with if m not in rule.answer), rule.answer_with[0])
    )
    example = _example(state.moves[answer])
    reply = [s for s in sentences if s.span.start_char >= last.end]
    if not reply:
        yield _hit(rule, "answer-missing", (last.start, last.end), (carried[0],), example=example)
    elif not any(s.moves.intersection(rule.answer_with) for s in reply):
        yield _hit(rule, "answer-unanswered", _sentence(reply[0]), (carried[0],), example=example)


def _hit(
    rule: SequenceRule,
    key: str,
    span: tuple[int, int],
    moves: tuple[str, ...] = (),
    *,
    example: str = "",
    within: int = 1,
    count: int = 0,
) -> Hit:
    worded = _worded(key, rule.why, moves, None, within, example, count)
    return Hit(rule.id, rule.severity, span[0], span[1], *worded, insert=_insert(key, example))


def _insert(key: str, example: str) -> tuple[str, str] | None:
    place = wordings()[key].insert
    return (place, example) if place and example else None


def insertions(text: str, hit: Hit) -> list[tuple[int, int, str]]:
    """Ways to write the line an ordering hit says is missing into the message's `text` (as written,
    placeholders unmasked), best first, as (start, end, replacement) in its offsets. Each replaces one
    character of the message, the first or the last of the hit's span, with itself and the line beside it,
    so that a fix proves it as it proves a rewrite. A line that opens or ends the message is first tried as
    a paragraph of its own; so is one placed by a line that is no sentence (a greeting, "Hi Sam,"), or that
    is none itself, spaced as the message spaces its lines there; one placed by a sentence joins the
    sentence's paragraph."""
    if hit.insert is None or hit.end <= hit.start:
        return []
    place, line = hit.insert
    if place not in INSERT_PLACES:
        return []
    if place in ("before", "opening"):
        gap = _break(text[: hit.start][::-1])[::-1]
        own = place == "opening" or (bool(gap) and not line.rstrip().endswith(tuple(TERMINAL)))
        first = text[hit.start]
        return [(hit.start, hit.start + 1, f"{line}{sep}{first}") for sep in _seps(own, gap)]
    gap = _break(text[hit.end :])
    own = place == "ending" or (bool(gap) and not text[: hit.end].rstrip().endswith(tuple(TERMINAL)))
    last = text[hit.end - 1]
    return [(hit.end - 1, hit.end, f"{last}{sep}{line}") for sep in _seps(own, gap)]


def _break(text: str) -> str:
    """The line break (and blank lines) `text` opens with, spaces left out; "" when it opens with words."""
    space = text[: len(text) - len(text.lstrip())]
    return "\n" * min(space.count("\n"), 2)


def _seps(own: bool, gap: str) -> tuple[str, ...]:
    """How the new line stands by its neighbour: as a line of its own (spaced as `gap`, else as a
    paragraph), then as a sentence beside it; or only as the sentence."""
    return (gap or "\n\n", " ") if own else (" ",)


def sentence_moves(doc: Doc, segment: Segment, state: CompiledMoves) -> list[tuple[int, int, frozenset[str]]]:
    """Every line of the message (segment offsets, without its edge whitespace) with the moves it carries,
    of those `state` was prepared for: the message's shape as the ordering rules read it."""
    lines = line_sentences(doc, segment.text)
    if not lines:
        return []
    lines = lines[: signature_start(lines, segment.text)]
    moves: list[set[str]] = [set() for _ in lines]
    for move, k in placed(doc, lines, _found(doc, state.matchers, state.keys, sorted(state.matchers)), lines[-1].end):
        moves[k].add(move)
    return [(*_sentence(Sentence(span, frozenset())), frozenset(m)) for span, m in zip(lines, moves)]


def _violations(rule: SequenceRule, sentences: list[Sentence], moves: dict[str, Move]) -> Iterator[Hit]:
    first: dict[str, int] = {}
    for i, sentence in enumerate(sentences):
        for move in sentence.moves:
            first.setdefault(move, i)

    def hit(
        key: str,
        span: tuple[int, int],
        move: str,
        other: str | None = None,
        within: int = 1,
        missing: tuple[str, ...] = (),
    ) -> Hit:
        missing = missing or (move,)
        example = " ".join(_example(moves[m]) for m in missing) if other is None else _example(moves[other])
        worded = _worded(key, rule.why, missing, other, within, example)
        return Hit(rule.id, rule.severity, span[0], span[1], *worded, insert=_insert(key, example))

    unplaced: list[str] = []  # required moves missing, with no neighbour in `order` to place them by
    for move in rule.require:
        if move in first:
            continue
        at = rule.order.index(move) if move in rule.order else -1
        before = [first[m] for m in rule.order[:at] if m in first] if at >= 0 else []
        after = [first[m] for m in rule.order[at + 1 :] if m in first] if at >= 0 else []
        if before:
            yield hit("require-after", _sentence(sentences[max(before)]), move)
        elif after:
            yield hit("require-before", _sentence(sentences[min(after)]), move)
        else:
            unplaced.append(move)
    if unplaced:  # one finding at the opening for all of them, in the rule's order
        yield hit("require-start", _opening(sentences), unplaced[0], missing=tuple(unplaced))
    present = [m for m in rule.order if m in first]
    for j, later in enumerate(present):
        earlier = next((m for m in present[:j] if first[m] > first[later]), None)
        if earlier is not None:
            yield hit("order", _sentence(sentences[first[later]]), later, earlier)
    # a move that is missing altogether was already reported by `require`
    if (
        rule.first
        and _misplaced(rule.first.move, rule, first)
        and first.get(rule.first.move, len(sentences)) >= rule.first.within
    ):
        yield hit("first", _opening(sentences), rule.first.move, within=rule.first.within)
    if (
        rule.last
        and _misplaced(rule.last.move, rule, first)
        and not any(rule.last.move in s.moves for s in sentences[-rule.last.within :])
    ):
        yield hit("last", _sentence(sentences[-1]), rule.last.move, within=rule.last.within)


@lru_cache(maxsize=WORDED_CACHE)
def _worded(
    key: str, why: str, missing: tuple[str, ...], other: str | None, within: int, example: str, count: int = 0
) -> tuple[str, str]:
    """A finding's message and suggestion. The same ones recur in many messages of a run (no greeting, no
    empathy …): cached, they are one string each, which workers send back once per chunk of files rather
    than once per finding."""
    wording = wordings()[key]
    called = [move_name(m) for m in missing] or [""]
    named_other = move_name(other or missing[0]) if other or missing else ""
    words = {
        "move": " and no ".join(_bare(c) for c in called),
        "a_move": called[0],
        "other": _bare(named_other),
        "a_other": named_other,
        "within": within,
        "steps": ", then ".join(called),
        "example": example,
        "count": count,
    }
    return f"{wording.message.format(**words)} {why}", wording.suggestion.format(**words)


def _misplaced(move: str, rule: SequenceRule, first: dict[str, int]) -> bool:
    """True unless the move is required and absent (then `require` has reported it)."""
    return move in first or move not in rule.require


def _example(move: Move) -> str:
    return move.example or move.match[0].phrase.source


def _sentence(sentence: Sentence) -> tuple[int, int]:
    span = sentence.span
    text = span.text
    lead = len(text) - len(text.lstrip())
    return span.start_char + lead, span.start_char + len(text.rstrip())


def _opening(sentences: list[Sentence]) -> tuple[int, int]:
    """The first word of the message: where a missing opening line would go."""
    token = next((t for t in sentences[0].span if not t.is_space), sentences[0].span[0])
    return token.idx, token.idx + len(token.text)
