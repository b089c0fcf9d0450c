"""Running a phrasebook's compiled variants over a doc: `SplitMatchers`, with the matches one spaCy token
Matcher holding every variant would give (tests/test_matcher_paths.py keeps that Matcher as the reference).

Literal variants (plain words and optional words, expanded up to LITERAL_MAX phrases) go into one
PhraseMatcher on LOWER, whose cost does not grow with the number of phrases; literal variants with more
phrases than that (word forms × optional words multiply) go into one automaton over word sets (`Scans`),
which finds exactly the spans the PhraseMatcher would with every phrase and whose cost does not grow with
the number of variants either; the rest (slots, gaps, raw patterns) each get a small token Matcher, run
only on docs containing the variant's required words: candidates come from an index from word to variant,
and one bitmask over every required word set tells which of them have all they need.

Matches come as `Match` records, greedy-longest per key, in one canonical order: by start, longer first,
then by the order the variants were added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from operator import and_
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from lexlint.rulebook.regexes import REGEX_ATTRS, REGEX_PREFIX

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc

LITERAL_MAX = 32  # literal phrases one variant may expand to before it falls back to the token Matcher


class Match(NamedTuple):
    """One match of one variant."""

    key: int  # the matcher key of the variant matched
    start: int  # token range
    end: int
    align: list[int]  # the pattern token each matched token stands for


Window = tuple[int, int] | None  # only matches starting in this token range (None: anywhere)


class Matchers(Protocol):
    """What a check runs over a doc: every variant's matches, in the canonical order."""

    def __call__(self, doc: Doc, window: Window = None) -> list[Match]: ...


def _in(window: Window, matches: Iterable[tuple[Any, ...]]) -> list[Match]:
    """spaCy's (key, start, end, alignment) tuples as records; with a window, those starting in it."""
    if window is None:
        return [Match._make(m) for m in matches]
    return [Match._make(m) for m in matches if window[0] <= m[1] < window[1]]


@dataclass(frozen=True)
class KeyedPattern:
    key: str
    tokens: tuple[dict, ...]


def _canonical(matches: Iterable[Match], order: dict[int, int]) -> list[Match]:
    return sorted(matches, key=lambda m: (m.start, m.start - m.end, order[m.key]))


def greedy_longest(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy's greedy="LONGEST" filter: longest first, then earliest; keep spans that overlap no kept one."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for start, end in sorted(set(spans), key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        if not taken.intersection(range(start, end)):
            kept.append((start, end))
            taken.update(range(start, end))
    return kept


def _token_matcher(nlp: Language, patterns: Sequence[KeyedPattern]) -> Matcher:
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab, validate=True)
    for p in patterns:
        matcher.add(p.key, [list(p.tokens)], greedy="LONGEST")
    return matcher


def _order(nlp: Language, patterns: Sequence[KeyedPattern]) -> dict[int, int]:
    return {nlp.vocab.strings.add(p.key): i for i, p in enumerate(patterns)}


def _word_set(token: dict) -> frozenset[str] | None:
    """The lower-case words a plain word token accepts ({"LOWER": {"IN": [...]}} or {"LOWER": "x"})."""
    if set(token) - {"OP"} != {"LOWER"}:
        return None
    value = token["LOWER"]
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


def literal_phrases(tokens: Sequence[dict], limit: int = LITERAL_MAX) -> list[tuple[str, ...]] | None:
    """Every word sequence a pattern of plain and optional words matches, or None when the pattern
    needs the token Matcher (or expands to more than `limit` phrases)."""
    choices: list[list[tuple[str, ...]]] = []
    total = 1
    for token in tokens:
        words = _word_set(token)
        op = token.get("OP", "1")
        if words is None or op not in ("1", "?"):
            return None
        options: list[tuple[str, ...]] = [(w,) for w in sorted(words)] + ([()] if op == "?" else [])
        total *= len(options)
        if total > limit:
            return None
        choices.append(options)
    phrases = {sum(combo, ()) for combo in product(*choices)}
    return sorted(p for p in phrases if p)


def required_words(tokens: Sequence[dict]) -> list[frozenset[str]]:
    """For each token a match must contain (no OP) that is a plain word: the words it accepts."""
    out = []
    for token in tokens:
        words = _word_set(token)
        if words is not None and token.get("OP", "1") == "1":
            out.append(words)
    return out


def literal_steps(tokens: Sequence[dict]) -> tuple[tuple[frozenset[str], bool], ...] | None:
    """A pattern of plain and optional words as (words, optional) steps, or None when it is not one."""
    steps = []
    for token in tokens:
        words = _word_set(token)
        op = token.get("OP", "1")
        if words is None or op not in ("1", "?"):
            return None
        steps.append((words, op == "?"))
    return tuple(steps)


Steps = tuple[tuple[frozenset[int], bool], ...]  # a literal variant: (word hashes, optional) per token


class _State:
    """A set of (variant, step) positions reached after some words; `accept`: the keys of the variants
    complete there; `live`: the words that lead on; `after`: the state each of those leads to, filled
    in as words are seen."""

    __slots__ = ("accept", "after", "live", "positions")

    def __init__(self, positions: frozenset[tuple[int, int]], accept: tuple[int, ...], live: frozenset[int]) -> None:
        self.positions = positions
        self.accept = accept
        self.live = live
        self.after: dict[int, _State] = {}


class Scans:
    """Literal variants too large to list as phrases, run as one automaton over a doc's LOWER hashes:
    from each word that can start a match it follows the words while some variant can still match,
    and reports every span one of a variant's phrases covers (the PhraseMatcher's matches for all of
    them). A variant is a sequence of word sets, some optional. States past the first word are built
    the first time a word leads to them, so building is quick and a run costs a dict lookup per word
    plus one per word of a match in progress."""

    def __init__(self, variants: Sequence[tuple[Steps, int]]) -> None:
        self.steps = [steps for steps, _key in variants]
        self.keys = [key for _steps, key in variants]
        self.states: dict[frozenset[tuple[int, int]], _State] = {}
        start = self._state([(v, 0) for v in range(len(variants))])
        self.first: dict[int, _State] = {}  # word -> the state it leads to from the start
        for h in start.live:
            self.first[h] = self._next(start, h)
        self.openers = frozenset(self.first)

    def _state(self, positions: Iterable[tuple[int, int]]) -> _State:
        """The state for these positions, each followed past its optional steps."""
        reached: set[tuple[int, int]] = set()
        todo = list(positions)
        while todo:
            v, j = todo.pop()
            if (v, j) not in reached:
                reached.add((v, j))
                if j < len(self.steps[v]) and self.steps[v][j][1]:
                    todo.append((v, j + 1))
        frozen = frozenset(reached)
        state = self.states.get(frozen)
        if state is None:
            accept = tuple(sorted({self.keys[v] for v, j in frozen if j == len(self.steps[v])}))
            live = frozenset().union(*(self.steps[v][j][0] for v, j in frozen if j < len(self.steps[v])))
            state = self.states[frozen] = _State(frozen, accept, live)
        return state

    def _next(self, state: _State, h: int) -> _State:
        """Where a live word leads."""
        return self._state(
            (v, j + 1) for v, j in state.positions if j < len(self.steps[v]) and h in self.steps[v][j][0]
        )

    def __call__(self, words: Words, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """(key, start, end) of every match starting in lower[lo:hi]; only the words that can start one are
        visited (most docs hold none)."""
        out: list[tuple[int, int, int]] = []
        openers = words.distinct & self.openers
        if not openers:
            return out
        first = self.first
        lower = words.lower
        n = len(lower)
        for start in range(lo, hi):
            if lower[start] not in openers:
                continue
            state: _State | None = first[lower[start]]
            end = start + 1
            while state is not None:
                for key in state.accept:
                    out.append((key, start, end))
                if end == n:
                    break
                h = lower[end]
                if h not in state.live:
                    break
                after = state.after
                state = after[h] if h in after else after.setdefault(h, self._next(state, h))
                end += 1
        return out


BLOCK_TOKENS = 64  # a long doc's blocks hold at least this many tokens, so each matcher call has work to do


def _blocks(length: int, spaces: list[int]) -> list[tuple[int, int]]:
    """Token ranges covering a doc of `length` tokens, cut only at whitespace tokens (`spaces`, ascending),
    each of at least BLOCK_TOKENS tokens but the last."""
    out: list[tuple[int, int]] = []
    start = 0
    for k in spaces:
        if k - start >= BLOCK_TOKENS:
            out.append((start, k))
            start = k + 1
    out.append((start, length))
    return out


# flags no whitespace token has: a token pattern asking for one of them never matches whitespace
_NOT_SPACE_FLAGS = ("IS_ALPHA", "IS_DIGIT", "IS_PUNCT", "IS_TITLE", "IS_UPPER", "IS_LOWER", "LIKE_NUM", "LIKE_URL")
_TEXTS = ("LOWER", "ORTH", "TEXT", "NORM")


def _space_tests(tokens: Sequence[dict]) -> tuple[str, ...] | None:
    """What decides whether a match of this pattern may hold a whitespace token (a line break or run of
    spaces): None, it may; (), it never does; else the names of the REGEX attributes that must all be false
    on a doc's whitespace tokens for it not to. The mini-language's words, slots and gaps never do."""
    tests: list[str] = []
    for token in tokens:
        if token.get("OP") == "!":  # matches what fails its test: whitespace too
            return None
        if token.get("IS_SPACE") is False or any(token.get(flag) is True for flag in _NOT_SPACE_FLAGS):
            continue
        texts = [token[a] for a in _TEXTS if a in token]
        if any(_no_space_word(t) for t in texts):
            continue
        extensions = token.get("_", {})
        regexes = [name for name, want in extensions.items() if name.startswith(REGEX_PREFIX) and want is True]
        if not regexes or any(REGEX_ATTRS.get(name) not in _TEXTS for name in regexes):
            return None  # a REGEX on a tag or a lemma could differ between two whitespace tokens of one text
        tests.extend(regexes)
    return tuple(dict.fromkeys(tests))


def _no_space_word(value: object) -> bool:
    """A LOWER/ORTH/TEXT/NORM predicate that takes only words holding something other than whitespace."""
    if isinstance(value, dict) and set(value) - {"NOT_IN"} == {"IN"}:
        value = value["IN"]
        return isinstance(value, list) and all(isinstance(w, str) and w.strip() for w in value)
    return isinstance(value, str) and bool(value.strip())


def _anchor(required: Sequence[frozenset[int]], common: frozenset[int]) -> frozenset[int]:
    """The required word set to index a variant under: preferably one without stop words, then the smallest."""
    return min(required, key=lambda words: (len(words & common), len(words)))


class Words(NamedTuple):
    """A doc's words as LOWER hashes, and the set of them; how many are alphabetic, and how many of those are
    stop words; and where its whitespace tokens are (line breaks and runs of spaces, which no phrase of the
    mini-language crosses)."""

    lower: list[int]
    distinct: frozenset[int]
    alpha: int
    alpha_stop: int
    spaces: list[int]


def words_of(doc: Doc) -> Words:
    """Computed once per doc (one to_array call), for every check and matcher that runs over it."""
    words = doc.user_data.get(_WORDS_KEY)
    if words is None:
        from spacy.attrs import IS_ALPHA, IS_SPACE, IS_STOP, LOWER

        if len(doc):
            table = doc.to_array([LOWER, IS_ALPHA, IS_STOP, IS_SPACE])
            alpha, stop = table[:, 1].tolist(), table[:, 2].tolist()
            spaces = table[:, 3].nonzero()[0].tolist()
            lower = table[:, 0].tolist()
            words = Words(lower, frozenset(lower), sum(alpha), sum(map(and_, alpha, stop)), spaces)
        else:
            words = Words([], frozenset(), 0, 0, [])
        doc.user_data[_WORDS_KEY] = words
    return words


_WORDS_KEY = "lexlint.words"


@dataclass(frozen=True)
class SplitMatchers:
    phrases: PhraseMatcher
    scans: Scans | None  # literal variants too large to list as phrases
    guarded: tuple[Matcher, ...]  # token Matchers, tried only on docs holding their required words
    index: dict[int, tuple[int, ...]]  # LOWER hash of an anchor word -> guarded matchers to try
    always: tuple[int, ...]  # guarded matchers without a required word: tried on every doc
    bits: dict[int, int]  # LOWER hash -> a bit for each required word set (of any guarded matcher) holding it
    required: frozenset[int]  # the words of `bits`
    need: tuple[int, ...]  # guarded matcher -> the bits of its required word sets: a doc must have them all
    order: dict[int, int]
    space_tests: tuple[tuple[str, ...] | None, ...]  # guarded matcher -> see _space_tests

    @classmethod
    def build(cls, nlp: Language, patterns: Sequence[KeyedPattern], limit: int = LITERAL_MAX) -> SplitMatchers:
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        strings = nlp.vocab.strings
        common = frozenset(strings.add(w) for w in nlp.Defaults.stop_words)
        phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        scans: list[tuple[Steps, int]] = []
        guarded: list[Matcher] = []
        index: dict[int, list[int]] = defaultdict(list)
        always: list[int] = []
        bits: dict[int, int] = defaultdict(int)
        need: list[int] = []
        space_tests: list[tuple[str, ...] | None] = []
        n_sets = 0
        for p in patterns:
            literal = literal_phrases(p.tokens, limit)
            if literal is not None:
                phrase_matcher.add(p.key, [Doc(nlp.vocab, words=list(words)) for words in literal])
                continue
            steps = literal_steps(p.tokens)
            if steps is not None:
                scans.append(
                    (
                        tuple((frozenset(strings.add(w) for w in words), optional) for words, optional in steps),
                        strings.add(p.key),
                    )
                )
                continue
            required = tuple(frozenset(strings.add(w) for w in words) for words in required_words(p.tokens))
            n = len(guarded)
            guarded.append(_token_matcher(nlp, [p]))
            space_tests.append(_space_tests(p.tokens))
            mask = 0
            for words in required:
                for h in words:
                    bits[h] |= 1 << n_sets
                mask |= 1 << n_sets
                n_sets += 1
            need.append(mask)
            if required:
                for h in _anchor(required, common):
                    index[h].append(n)
            else:
                always.append(n)
        return cls(
            phrase_matcher,
            Scans(scans) if scans else None,
            tuple(guarded),
            {h: tuple(v) for h, v in index.items()},
            tuple(always),
            dict(bits),
            frozenset(bits),
            tuple(need),
            _order(nlp, patterns),
            tuple(space_tests),
        )

    def __call__(self, doc: Doc, window: Window = None) -> list[Match]:
        lo, hi = window or (0, len(doc))
        by_key: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for key, start, end in self.phrases(doc):
            if lo <= start < hi:
                by_key[key].append((start, end))
        found: list[Match] = []
        if self.scans is not None or self.guarded:
            words = words_of(doc)
            if self.scans is not None:
                for key, start, end in self.scans(words, lo, hi):
                    by_key[key].append((start, end))
            if self.guarded:
                found = self._guarded(doc, words, window)
        for key, spans in by_key.items():
            kept = spans if len(spans) == 1 else greedy_longest(spans)
            found.extend(Match(key, start, end, list(range(end - start))) for start, end in kept)
        return _canonical(found, self.order)

    def _guarded(self, doc: Doc, words: Words, window: Window) -> list[Match]:
        """The token Matchers' matches, of those whose required words the doc holds. A long doc is matched a
        block at a time, each block cut at whitespace tokens and tried only with the matchers whose words it
        holds: every matcher over every token of a long text would cost (text × matchers), where a reply of
        its own costs (reply × the few matchers it may need)."""
        lower = words.lower
        candidates = self._candidates(words.distinct)
        if len(doc) < 2 * BLOCK_TOKENS or not words.spaces:
            return [m for n in candidates for m in _in(window, self.guarded[n](doc, with_alignments=True))]
        within = self._never_on_whitespace(doc, words.spaces)
        found = [  # a raw pattern that may hold a whitespace token is matched over the whole doc
            m for n in candidates if not within[n] for m in _in(window, self.guarded[n](doc, with_alignments=True))
        ]
        lo, hi = window or (0, len(doc))
        for start, end in _blocks(len(doc), words.spaces):
            if end <= lo or start >= hi:
                continue
            span = doc[start:end]
            for n in self._candidates(frozenset(lower[start:end])):
                if within[n]:
                    matches: list[Any] = self.guarded[n](span, with_alignments=True)  # (key, start, end, align)
                    found.extend(
                        Match(key, start + a, start + b, align) for key, a, b, align in matches if lo <= start + a < hi
                    )
        return found

    def _never_on_whitespace(self, doc: Doc, spaces: list[int]) -> list[bool]:
        """For each guarded matcher, whether none of its matches in `doc` holds a whitespace token: its REGEX
        attributes, where it has any, are tried on one of each whitespace the doc holds."""
        kinds = [doc[k] for k in {doc[k].text: k for k in spaces}.values()]
        holds: dict[str, bool] = {}

        def any_space(name: str) -> bool:
            if name not in holds:
                holds[name] = any(getattr(token._, name) for token in kinds)
            return holds[name]

        return [tests is not None and not any(map(any_space, tests)) for tests in self.space_tests]

    def _candidates(self, distinct: frozenset[int]) -> list[int]:
        """The token Matchers that may match a doc of these words: it holds all their required words."""
        index, bits = self.index, self.bits
        candidates = set(self.always)
        have = 0
        for h in distinct & self.required:  # a set meet walks the smaller: the doc's few words
            have |= bits[h]
            if h in index:
                candidates.update(index[h])
        return [n for n in candidates if have & self.need[n] == self.need[n]]

    def needs_pipeline(self, doc: Doc) -> bool:
        """Whether matching this tokenized doc needs the rest of the pipeline: only a token Matcher may (a slot
        or gap stays within a sentence, a raw pattern reads what it names), and only one whose required words
        the doc holds."""
        return bool(self.guarded) and bool(self._candidates(words_of(doc).distinct))
