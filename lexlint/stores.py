"""JSON stores kept between runs (the findings cache, the word forms): read whole, written in one step.
A store is untrusted input: one that cannot be read or parsed is no store at all, one that cannot be
written is skipped, and its callers check every value they take from it."""

from __future__ import annotations

import json
import os
from contextlib import suppress


def read_store(path: str | None) -> object | None:
    """The parsed store, or None when it is missing, unreadable or not JSON (nested too deep included)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            return json.loads(fh.read())
    except (OSError, ValueError, RecursionError):
        return None


def write_store(path: str, doc: object) -> bool:
    """Write a JSON store in one step (a temp file, then a rename), creating its folder; False when it
    cannot be written. ASCII: a path's undecodable bytes round-trip as escapes."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(tmp, "w", encoding="ascii") as fh:
            fh.write(json.dumps(doc, separators=(",", ":")))
        os.replace(tmp, path)
    except OSError:
        with suppress(OSError):
            os.remove(tmp)
        return False
    return True
