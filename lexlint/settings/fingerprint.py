"""Fingerprints of findings that survive unrelated edits: rule + file + normalised matched text + a hash of
the sentence around the match. No line numbers, so moving a macro or adding lines above it keeps them."""

from __future__ import annotations

import hashlib
import os
import re

from lexlint.findings import Finding

_BOUNDARY = re.compile(r"[.!?\n\"]|\\n")
_SPACE = re.compile(r"\s+")
WINDOW = 400


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def sentence(source: str, start: int, end: int) -> str:
    """The text from the boundary before the match to the boundary after it (sentence, line or string)."""
    before = source[max(0, start - WINDOW) : start]
    cut = [m.end() for m in _BOUNDARY.finditer(before)]
    left = start - len(before) + (cut[-1] if cut else 0)
    after = source[end : end + WINDOW]
    m = _BOUNDARY.search(after)
    right = end + (m.start() if m else len(after))
    return source[left:right]


def relative(path: str, root: str) -> str:
    """A path as stored in a baseline: relative to root, with forward slashes."""
    if path.startswith("<"):
        return path
    return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")


def fingerprint(finding: Finding, source: str, path: str | None = None) -> str:
    parts = (
        finding.rule,
        path or finding.path,
        normalise(finding.matched),
        normalise(sentence(source, finding.start, finding.end)),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
