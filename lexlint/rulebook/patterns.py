"""The phrase mini-language, parsed without spaCy and compiled to spaCy Matcher token patterns.

    words          match case-insensitively and by lemma (need ~ needs, needed); contractions match
                   their full forms (can't ~ cannot ~ can not, you'd ~ you would ~ you had)
    =word          this word only (no other forms)
    (words)        optional; (a|b) optional alternatives
    [a|b c|d]      alternatives (each may be several words)
    {name}         a slot: one to six tokens, stopping at punctuation, a line break, a new sentence
                   and the words of SLOT_STOP; `try` may reuse it as {name}. Right after an optional
                   word it does not start with that word when the optional word could take it
    ...            a short gap of up to three words within the sentence
    ^              (first) the match must start its sentence (punctuation, list markers and @mentions
                   may stand before it)

A pattern may also be a list of raw spaCy token patterns (dicts), for power users.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product
from typing import NamedTuple

from lexlint.rulebook.forms import forms

MAX_VARIANTS = 64
SLOT_MAX = 6
GAP_MAX = 3
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
SLOT_NAME = re.compile(rf"{_NAME}\Z")
TRY_SLOT = re.compile(rf"\{{\s*({_NAME})\s*\}}")  # a slot a `try` text reuses: {name}
# A slot stops before these: clause punctuation and words that start a new phrase.
SLOT_STOP = sorted(
    {",", ".", ";", ":", "!", "?", "(", ")", '"', "\u201c", "\u201d", "\u2014", "\u2013", "-", "..", "...", "\u2026"}
    | {
        "on",
        "in",
        "for",
        "to",
        "from",
        "with",
        "by",
        "at",
        "and",
        "but",
        "or",
        "because",
        "if",
        "when",
        "which",
        "that",
        "so",
        "as",
        "since",
        "until",
        "before",
        "after",
        "please",
        "while",
        "per",
        "via",
        "today",
        "now",
        "yet",
        "then",
        "than",
    }
)
SENTENCE_END = [".", "!", "?", ";", "\u2026"]


class PatternSyntaxError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


# ---- AST -------------------------------------------------------------------------------------


class Words(NamedTuple):
    text: str
    exact: bool


class Optional(NamedTuple):
    body: Seq


class Alternatives(NamedTuple):
    options: tuple[Seq, ...]


class Slot(NamedTuple):
    name: str


class Gap(NamedTuple):
    pass


Node = Words | Optional | Alternatives | Slot | Gap
Seq = tuple[Node, ...]


@dataclass(frozen=True)
class Phrase:
    """A parsed avoid/unless/move pattern."""

    source: str
    body: Seq
    anchored: bool = False
    raw: tuple[tuple[dict, ...], ...] = ()  # raw spaCy token patterns, when given as a list

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(_slots(self.body))


def _slots(seq: Seq) -> list[str]:
    out: list[str] = []
    for node in seq:
        if isinstance(node, Slot):
            out.append(node.name)
        elif isinstance(node, Optional):
            out += _slots(node.body)
        elif isinstance(node, Alternatives):
            for option in node.options:
                out += _slots(option)
    return out


# ---- parsing -----------------------------------------------------------------------------------

_SPECIAL = "()[]|{}"


def parse(source: str) -> Phrase:
    """Parse the mini-language; raises PatternSyntaxError with the offset of the problem."""
    text = source.strip()
    lead = len(source) - len(source.lstrip())
    anchored = text.startswith("^")
    if anchored:
        text = text[1:]
        lead += 1
    body, pos = _parse_seq(text, 0, lead, closers="")
    if pos != len(text):
        raise PatternSyntaxError(f"unexpected {text[pos]!r}", lead + pos)
    if not any(not isinstance(n, (Gap, Optional)) for n in body):
        raise PatternSyntaxError("pattern matches nothing required (only optional parts or gaps)", lead)
    return Phrase(source=source, body=body, anchored=anchored)


def _parse_seq(text: str, pos: int, lead: int, closers: str) -> tuple[Seq, int]:
    nodes: list[Node] = []
    while pos < len(text):
        ch = text[pos]
        if ch.isspace():
            pos += 1
        elif ch in closers:
            break
        elif ch in "([":
            close = ")" if ch == "(" else "]"
            options, pos = _parse_group(text, pos, lead, close)
            if ch == "(":
                nodes.append(Optional(options[0] if len(options) == 1 else (Alternatives(options),)))
            else:
                nodes.append(Alternatives(options))
        elif ch == "{":
            end = text.find("}", pos)
            if end == -1:
                raise PatternSyntaxError("unclosed {", lead + pos)
            name = text[pos + 1 : end].strip()
            if not SLOT_NAME.match(name):
                raise PatternSyntaxError(f"bad slot name {name!r}", lead + pos)
            nodes.append(Slot(name))
            pos = end + 1
        elif text.startswith("...", pos) or ch == "\u2026":
            nodes.append(Gap())
            pos += 3 if ch == "." else 1
        elif ch in _SPECIAL:
            raise PatternSyntaxError(f"unexpected {ch!r}", lead + pos)
        else:
            end = pos
            while (
                end < len(text)
                and not text[end].isspace()
                and text[end] not in _SPECIAL
                and not text.startswith("...", end)
                and text[end] != "\u2026"
            ):
                end += 1
            word = text[pos:end]
            exact = word.startswith("=")
            word = word[1:] if exact else word
            if not word:
                raise PatternSyntaxError("'=' must stand before a word", lead + pos)
            nodes.append(Words(word, exact))
            pos = end
    return tuple(nodes), pos


def _parse_group(text: str, pos: int, lead: int, close: str) -> tuple[tuple[Seq, ...], int]:
    """Options of a `( … | … )` or `[ … | … ]` group starting at text[pos]; returns the position after it."""
    start = pos
    options: list[Seq] = []
    pos += 1
    while True:
        body, pos = _parse_seq(text, pos, lead, "|" + close)
        if not body:
            raise PatternSyntaxError(f"empty alternative in {text[start]}{close}", lead + pos)
        options.append(body)
        if pos >= len(text):
            raise PatternSyntaxError(f"unclosed {text[start]}", lead + start)
        pos += 1
        if text[pos - 1] == close:
            return tuple(options), pos


# ---- compiling ---------------------------------------------------------------------------------

Tokenize = Callable[[str], Sequence[str]]


class Variant(NamedTuple):
    """One spaCy token pattern and, for each of its tokens, the slot it fills (or None)."""

    tokens: tuple[dict, ...]
    roles: tuple[str | None, ...]

    def lent(self) -> tuple[frozenset[str], ...]:
        """For each pattern token: when it is a slot right after an optional word, the words that optional
        word accepts (else nothing). spaCy aligns "restart your phone" to "restart (your) {device}" either
        way, and may give "your" to the slot: `slot_tokens` hands such a word back."""
        out: list[frozenset[str]] = [frozenset()] * min(1, len(self.tokens))
        for before, role in zip(self.tokens, self.roles[1:]):
            optional = before.get("OP") == "?" and set(before) == {"LOWER", "OP"} and "IN" in before["LOWER"]
            out.append(frozenset(before["LOWER"]["IN"]) if role is not None and optional else frozenset())
        return tuple(out)


def slot_tokens(
    align: Sequence[int], roles: Sequence[str | None], lent: Sequence[frozenset[str]], words: Sequence[str]
) -> dict[str, list[int]]:
    """The matched tokens (offsets into the match, whose lower-case `words` these are) that fill each slot,
    from spaCy's alignment of matched tokens to pattern tokens. A slot right after an optional word does
    not start with a word that optional word takes while the match skipped it, unless the slot would be
    left empty: "restart (your) {device}" on "restart your phone" captures "phone", not "your phone"."""
    spans: dict[str, list[int]] = {}
    for offset, pattern_index in enumerate(align):
        role = roles[pattern_index]
        if role:
            spans.setdefault(role, []).append(offset)
    aligned = set(align)
    for name, offsets in spans.items():
        first = align[offsets[0]]
        if len(offsets) > 1 and words[offsets[0]] in lent[first] and first - 1 not in aligned:
            spans[name] = offsets[1:]
    return spans


def slot_token() -> dict:
    return {
        "LOWER": {"NOT_IN": SLOT_STOP},
        "IS_PUNCT": False,
        "IS_SPACE": False,
        "IS_SENT_START": False,
        "OP": f"{{1,{SLOT_MAX}}}",
    }


def gap_token() -> dict:
    return {"LOWER": {"NOT_IN": SENTENCE_END}, "IS_SPACE": False, "IS_SENT_START": False, "OP": f"{{0,{GAP_MAX}}}"}


def word_token(word: str, exact: bool) -> dict:
    return {"LOWER": {"IN": sorted(forms(word, exact))}}


def compile_phrase(phrase: Phrase, tokenize: Tokenize) -> list[Variant]:
    """Expand a phrase into spaCy token patterns (at most MAX_VARIANTS)."""
    if phrase.raw:
        from lexlint.rulebook.regexes import guarded

        return [Variant(guarded(p), (None,) * len(p)) for p in phrase.raw]
    variants = _expand(phrase.body, tokenize)
    return [Variant(tuple(t for t, _ in v), tuple(r for _, r in v)) for v in variants]


Expanded = list[list[tuple[dict, str | None]]]


def _expand(seq: Seq, tokenize: Tokenize) -> Expanded:
    out: Expanded = [[]]
    for node in seq:
        options = _expand_node(node, tokenize)
        if len(out) * len(options) > MAX_VARIANTS:
            raise PatternSyntaxError(f"pattern expands to more than {MAX_VARIANTS} variants", 0)
        out = [a + b for a, b in product(out, options)]
    return out


def _single(expanded: Expanded) -> dict | None:
    """The one token spec of an expansion that is a single plain word, else None."""
    if len(expanded) == 1 and len(expanded[0]) == 1:
        spec, role = expanded[0][0]
        if role is None and "OP" not in spec and set(spec) == {"LOWER"} and "IN" in spec["LOWER"]:
            return spec
    return None


def _expand_node(node: Node, tokenize: Tokenize) -> Expanded:
    if isinstance(node, Words):
        return [[(word_token(tok, node.exact), None) for tok in tokenize(node.text)]]
    if isinstance(node, Slot):
        return [[(slot_token(), node.name)]]
    if isinstance(node, Gap):
        return [[(gap_token(), None)]]
    if isinstance(node, Optional):
        body = _expand(node.body, tokenize)
        single = _single(body)
        if single is not None:
            return [[({**single, "OP": "?"}, None)]]
        return [*body, []]
    options = [_expand(opt, tokenize) for opt in node.options]
    singles = [s for s in map(_single, options) if s is not None]
    out: Expanded = [v for o in options if _single(o) is None for v in o]
    if singles:
        merged = sorted({w for s in singles for w in s["LOWER"]["IN"]})
        out.insert(0, [({"LOWER": {"IN": merged}}, None)])
    return out


def attrs_used(phrase: Phrase) -> frozenset[str]:
    """Token attributes a raw pattern uses (the mini-language itself needs only LOWER and sentence starts)."""
    return frozenset(key.upper() for pattern in phrase.raw for token in pattern for key in token)


def placeholders(template: str) -> list[str]:
    """Slot names a `try` text reuses."""
    return TRY_SLOT.findall(template)
