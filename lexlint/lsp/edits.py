"""A document's new text as the edits that make it from the old: what a code action sends, so that the
editor changes only the words a fix changed (the cursor, folds and marks elsewhere stay put)."""

from __future__ import annotations


def _common_start(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share (compared a block at a time, then one by one)."""
    n, i, block = min(len(a), len(b)), 0, 4096
    while i + block <= n and a[i : i + block] == b[i : i + block]:
        i += block
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _trimmed(old: str, new: str, at: int) -> tuple[int, int, str]:
    """One edit from `old` (at offset `at`) to `new`, their common start and end left out."""
    head = _common_start(old, new)
    rest_old, rest_new = old[head:], new[head:]
    tail = _common_start(rest_old[::-1], rest_new[::-1])
    return at + head, at + len(old) - tail, rest_new[: len(rest_new) - tail]


def changes(before: str, after: str) -> list[tuple[int, int, str]]:
    """(start, end, text) edits of `before`, in order and apart, that give `after`: one per changed line
    when both have as many lines (the usual fix rewrites words in place), else one from the first change to
    the last."""
    if before == after:
        return []
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if len(old) != len(new):
        return [_trimmed(before, after, 0)]
    out = []
    at = 0
    for a, b in zip(old, new):
        if a != b:
            out.append(_trimmed(a, b, at))
        at += len(a)
    return out
