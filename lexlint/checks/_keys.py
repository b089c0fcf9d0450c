"""Matcher keys shared by the phrase and sequence checks: each pattern of an entry or a move compiled into
variants under keys of their own, one `MatchKey` record per key, and the matches each owner keeps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from lexlint.checks._matchers import KeyedPattern, Match
from lexlint.errors import PhrasebookError
from lexlint.nlp import tokenize
from lexlint.rulebook import patterns
from lexlint.rulebook.fields import PatternSpec
from lexlint.sources.segments import OPENS_WITH_MENTION
from lexlint.spans import Cover

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


LABEL_SEP = "\x1f"  # between the parts of a matcher label: no rule id or move name holds it


class MatchKey(NamedTuple):
    """What one matcher key stands for: a variant of one of an entry's or a move's patterns."""

    owner: str  # the entry id, or the move name
    is_unless: bool  # an `unless` pattern, whose matches cover the owner's other matches
    anchored: bool  # matches only where it starts a sentence
    roles: tuple[str | None, ...] = ()  # the slot name of each pattern token
    own_try: str | None = None  # the rewrite of an avoid pattern that has its own
    lent: tuple[frozenset[str], ...] = ()  # per pattern token: what the optional word before a slot takes


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


def uncovered(doc: Doc, matches: Iterable[Match], keys: dict[int, MatchKey]) -> dict[str, list[Match]]:
    """The matches of each owner (an entry, a move), less those one of the owner's own `unless` matches
    covers: starts at or before the match's first token and ends at or after its last. A pattern anchored
    with `^`, avoid or unless, counts only where it starts a sentence."""
    found: dict[str, list[Match]] = defaultdict(list)
    covers: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for match in matches:
        key = keys[match.key]
        if key.anchored and not starts_sentence(doc, match.start):
            continue
        if key.is_unless:
            covers[key.owner].append((match.start, match.end))
        else:
            found[key.owner].append(match)
    for owner, spans in covers.items():
        if owner in found:
            cover = Cover(spans)
            found[owner] = [m for m in found[owner] if not cover.covers(m.start, m.end)]
    return found


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
