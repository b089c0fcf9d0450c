"""Rewrites: fill a `try` text from a match and fit it into the sentence it replaces: its case, the stop
or question mark that ends the sentence, and the articles (a/an) at either edge and inside."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from lexlint.rulebook.patterns import TRY_SLOT

if TYPE_CHECKING:
    import inflect

TERMINAL = ".!?"
_FIRST_WORD = re.compile(r"[\w'\u2019]+")
_ARTICLE = re.compile(r"\b([Aa]n?)(\s+)(?=([\w$\u00a3\u20ac][\w'\u2019-]*))")
_LAST_ARTICLE = re.compile(r"\b([Aa]n?)\s*\Z")
_WORD_BEFORE = re.compile(r"\b([Aa]n?)(\s+)\Z")
NEAR = 64  # characters either side of a match that an article to agree with may stand in


def fill(template: str, slots: dict[str, str]) -> str | None:
    """The try text with {slots} filled; None when a slot was not captured by this match."""
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        value = slots.get(m.group(1))
        if value is None:
            missing = True
            return m.group(0)
        return value

    out = TRY_SLOT.sub(sub, template)
    return None if missing else out


def fit_case(replacement: str, original: str, sentence_start: bool) -> str:
    """Keep the case of what is replaced: capitalised at a sentence start, lower-case mid-sentence
    (unless the first word is "I" or looks like a name), upper-case if the original shouts."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return replacement.upper()
    m = _FIRST_WORD.search(replacement)
    if not m or m.start() != 0:
        return replacement
    word = m.group(0)
    if sentence_start:
        return replacement[0].upper() + replacement[1:]
    keeps_case = word == "I" or word.startswith(("I'", "I\u2019")) or any(c.isupper() for c in word[1:])
    return replacement if keeps_case else replacement[0].lower() + replacement[1:]


def fit_span(text: str, start: int, end: int, replacement: str) -> tuple[int, int, str]:
    """Adjust a replacement to its surroundings: a rewrite that ends a sentence ("…on hold?") takes
    over the full stop that followed the match, and loses its own stop mid-sentence (unless the match
    itself ended a sentence)."""
    if replacement and replacement[-1] in TERMINAL + "\u2026" and not (end > start and text[end - 1] in TERMINAL):
        if end < len(text) and text[end] in TERMINAL:
            return start, end + 1, replacement
        rest = text[end:].lstrip(" \t")
        if (rest and rest[0] not in "\r\n" and rest[0].isalnum()) or rest[:1] in (",", ";", ":"):
            return start, end, replacement.rstrip(TERMINAL)
    return start, end, replacement


def apply(text: str, start: int, end: int, replacement: str) -> str:
    return text[:start] + replacement + text[end:]


@cache
def _engine() -> inflect.engine:
    import inflect

    return inflect.engine()


@lru_cache(maxsize=4096)
def article_for(word: str) -> str:
    """ "a" or "an" before this word, by its sound (an hour, a user, an FAQ): inflect's rules."""
    return _engine().a(word).split(" ", 1)[0]


def _agreeing(article: str, word: str) -> str:
    wanted = article_for(word)
    return wanted.capitalize() if article[0].isupper() else wanted


def agree_articles(text: str) -> str:
    """Every a/an in `text` that comes before a word agrees with it ("a {charge}" filled with "early …")."""
    return _ARTICLE.sub(lambda m: _agreeing(m.group(1), m.group(3)) + m.group(2), text)


def fit_articles(text: str, start: int, end: int, replacement: str) -> tuple[int, int, str]:
    """Articles at the replacement's edges agree with their new neighbours: an "a"/"an" just before the
    match is taken into the replacement (and changed if it must be); one ending the replacement follows
    the word after the match."""
    replacement = agree_articles(replacement)
    # only the few characters beside the match are read: searching from the start of the text for every
    # finding made a long text with many findings quadratic
    before = _WORD_BEFORE.search(text, max(0, start - NEAR), start)
    first = _FIRST_WORD.search(replacement)
    if before and first and first.start() == 0:
        fitted = _agreeing(before.group(1), first.group(0))
        if fitted != before.group(1):
            start, replacement = before.start(), fitted + before.group(2) + replacement
    last = _LAST_ARTICLE.search(replacement)
    after = _FIRST_WORD.search(text, end, end + NEAR)
    if last and after and not text[end : after.start()].strip():
        replacement = replacement[: last.start()] + _agreeing(last.group(1), after.group(0)) + replacement[last.end() :]
    return start, end, replacement


def fit_mood(
    text: str,
    start: int,
    end: int,
    replacement: str,
    sentence_end: int,
    opens_sentence: bool,
    written: str | None = None,
) -> tuple[int, int, str]:
    """A question replacing words mid-sentence makes the sentence a question ("Please hold while I check."
    -> "May I briefly place you on hold while I check?"); a statement replacing the opening of a question
    makes it a statement. The replacement then runs to the sentence's closing mark, carrying the words up to
    it as `written` has them (the text before its placeholders were masked, of the same length)."""
    tail = text[:sentence_end].rstrip()
    if not tail or tail[-1] not in TERMINAL or len(tail) <= end:
        return start, end, replacement
    asks = replacement.rstrip().endswith("?")
    wanted = "?" if asks else ("." if opens_sentence and tail[-1] == "?" else tail[-1])
    if wanted == tail[-1]:
        return start, end, replacement
    core = replacement.rstrip().rstrip(TERMINAL) if asks else replacement
    return start, len(tail), core + (written or text)[end : len(tail) - 1] + wanted
