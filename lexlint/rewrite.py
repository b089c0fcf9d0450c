"""Rewrites: fill a `try` text from a match and fit it into the sentence it replaces."""
from __future__ import annotations

import re

TERMINAL = ".!?"
_SLOT = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
_FIRST_WORD = re.compile(r"[\w'\u2019]+")


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

    out = _SLOT.sub(sub, template)
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
        if rest and rest[0] not in "\r\n" and rest[0].isalnum() or rest[:1] in (",", ";", ":"):
            return start, end, replacement.rstrip(TERMINAL)
    return start, end, replacement


def apply(text: str, start: int, end: int, replacement: str) -> str:
    return text[:start] + replacement + text[end:]
