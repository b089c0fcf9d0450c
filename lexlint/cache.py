"""Findings cached in `.lexlint_cache/`, keyed by the file's path and bytes, the resolved read options and
phrasebook, and the lexlint version and code.

A regular file is known unchanged without reading it when its stat (device, inode, size, modification and
change times in ns) is the one recorded when it was last read. A stat is recorded only for a file last changed
RACY_NS or more before the run began, so that a change within the same clock tick as the read cannot hide
behind an equal stat; any other file is read and hashed.

One JSON store per run settings (`<salt[:32]>.json`), read once and written once per run: opening a file per
linted file cost more than linting a short one. The folder is untrusted input, so the store is JSON (never
pickle) and every entry is checked field by field when it is read; an entry that fails is a miss, a store
that fails to parse or belongs to other settings is ignored whole."""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from contextlib import suppress
from itertools import islice, product
from stat import S_ISREG
from typing import get_args, get_type_hints

from lexlint import __version__
from lexlint.findings import FIX_SAFETY, SEVERITIES, Finding
from lexlint.phrasebook import Phrasebook
from lexlint.stores import read_store, write_store

CACHE_DIR = ".lexlint_cache"
FORMAT = 4
MAX_ENTRIES = 200_000  # files kept per store; the least recently used beyond this are dropped on save
# Other stores (other settings, an older phrasebook or lexlint) are removed on save when none of the
# newest MAX_STORES, or when unused for STALE_DAYS: each phrasebook edit or upgrade starts a new store.
MAX_STORES = 16
STALE_DAYS = 30
RACY_NS = 2_000_000_000  # a file changed this recently when the run began is always read and hashed
STAT_TRUSTED = os.name != "nt"

# A stored finding is a row: its values after the path (the key already names the file), in field order.
# The types a row's values may have, in order (one tuple per choice of str or None).
_SIGNATURES = frozenset(product(*(get_args(kind) or (kind,) for kind in list(get_type_hints(Finding).values())[1:])))
_SEVERITY = Finding._fields.index("severity") - 1
_FIX = Finding._fields.index("fix") - 1


def _code_stamp() -> str:
    """Size and modification time of lexlint's own modules, so an edited checkout never reads stale findings."""
    package = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for folder, _dirs, names in os.walk(package):
        for name in sorted(names):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                stamps.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(sorted(stamps))


class Cache:
    """The store of one run's settings. `get` reads it on first use; `put` changes it in memory only and
    `save` writes it back once, so worker processes never touch it."""

    def __init__(self, root: str, salt: str) -> None:
        self.root = root
        self.salt = salt  # everything besides the file that decides its findings
        self.path = os.path.join(root, f"{salt[:32]}.json")
        self._entries: dict[str, object] | None = None  # as loaded, unchecked
        self._stats: dict[str, object] = {}  # path -> [*stat, key] as loaded, unchecked
        self._used: dict[str, object] = {}  # entries hit or put by this run, in that order
        self._seen: dict[str, list[object]] = {}  # stats recorded by this run
        self._changed = False
        self._settled = time.time_ns() - RACY_NS  # a file last changed before this may be known by its stat

    @classmethod
    def for_run(cls, book: Phrasebook, settings: object, root: str | os.PathLike[str] = CACHE_DIR) -> Cache:
        """`settings`: the resolved options that change findings (a frozen dataclass has a stable repr)."""
        digest = hashlib.sha256()
        for part in (f"lexlint {__version__} cache {FORMAT}", _code_stamp(), repr(settings), repr(book)):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return cls(os.fspath(root), digest.hexdigest())

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def known(self, path: str, stat: os.stat_result) -> str | None:
        """The key `path` had when last read, if its stat is still the one recorded then."""
        if self._entries is None:
            self._load()
        record = _record(self._stats.get(path))
        return record[1] if record is not None and record[0] == _signature(stat) else None

    def saw(self, path: str, stat: os.stat_result, key: str) -> None:
        """Record the stat `path` had when it was read (before the read) and the key its bytes gave. Only for
        a regular file (a pipe's stat says nothing of what comes through it), and not on Windows, where the
        change time is the creation time and so misses a rewrite that restores the modification time."""
        if not STAT_TRUSTED or not S_ISREG(stat.st_mode) or max(stat.st_mtime_ns, stat.st_ctime_ns) >= self._settled:
            return
        record = [*_signature(stat), key]
        if self._stats.get(path) != record:
            self._changed = True
        self._seen[path] = record

    def get(self, key: str, path: str) -> list[Finding] | None:
        """The cached findings of `path`, or None when there is no entry or it is damaged in any way."""
        if self._entries is None:
            self._load()
        entry = self._entries.get(key)
        found = _findings(entry, path) if entry is not None else None
        if found is not None:
            self._used[key] = entry
        return found

    def put(self, key: str, findings: Iterable[Finding]) -> None:
        """Remember a linted file's findings for `save`; the same findings as stored change nothing."""
        entry = [list(f)[1:] for f in findings]
        if self._entries is None or self._entries.get(key) != entry:
            self._changed = True
        self._used[key] = entry

    def save(self) -> None:
        """Write the store when this run added to it. The store on disk is read again first, so a run that
        finished meanwhile (pre-commit on other files) keeps its entries; this run's entries become the most
        recent. Atomic; a cache that cannot be written is skipped silently."""
        if not self._changed:
            return
        stored, stats = self._read()
        entries = {k: v for k, v in stored.items() if k not in self._used}
        entries.update(self._used)
        if len(entries) > MAX_ENTRIES:
            entries = dict(islice(entries.items(), len(entries) - MAX_ENTRIES, None))
        stats.update(self._seen)
        stats = {p: r for p, r in stats.items() if (record := _record(r)) is not None and record[1] in entries}
        if write_store(self.path, {"format": FORMAT, "salt": self.salt, "entries": entries, "stats": stats}):
            self._entries, self._stats, self._used, self._seen, self._changed = entries, stats, {}, {}, False
            _mark(self.root)
            _prune(self.root, keep=self.path)

    def _load(self) -> None:
        self._entries, self._stats = self._read()

    def _read(self) -> tuple[dict[str, object], dict[str, object]]:
        """The stored entries and stats, unchecked; empty when the store is missing, unreadable or not this
        run's."""
        doc = read_store(self.path)
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("salt") != self.salt:
            return {}, {}
        entries, stats = doc.get("entries"), doc.get("stats")
        return (entries if isinstance(entries, dict) else {}), (stats if isinstance(stats, dict) else {})


def _signature(stat: os.stat_result) -> list[int]:
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _record(stored: object) -> tuple[list[object], str] | None:
    """A stored stat record ([*signature, key]) as its signature and key, or None when it is not one."""
    if type(stored) is list and len(stored) == 6 and isinstance(stored[5], str):
        return stored[:5], stored[5]
    return None


def _findings(entry: object, path: str) -> list[Finding] | None:
    """A stored entry as findings, or None unless every row has exactly the values `put` writes, with exact
    types (a bool is no line number) and a severity and fix safety that exist. Comparing a whole tuple of
    types keeps the check in C: it runs for every cached finding of every run."""
    if not isinstance(entry, list):
        return None
    out = []
    for row in entry:
        if not (isinstance(row, list) and tuple(map(type, row)) in _SIGNATURES
                and row[_SEVERITY] in SEVERITIES and row[_FIX] in FIX_SAFETY):
            return None
        out.append(Finding(path, *row))
    return out


# Written into the folder once: git leaves it out of `git add -A` (the hook runs in the macro repository),
# and backup tools that honour cache directory tags skip it.
MARKERS = {
    ".gitignore": "# Created by lexlint: its findings cache is not part of the repository.\n*\n",
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# This file is a cache directory tag created by lexlint.\n",
}


def _mark(root: str) -> None:
    for name, text in MARKERS.items():
        path = os.path.join(root, name)
        if not os.path.exists(path):
            with suppress(OSError), open(path, "x", encoding="ascii") as fh:
                fh.write(text)


def _prune(root: str, keep: str) -> None:
    """Remove the other stores beyond the newest MAX_STORES and those not written for STALE_DAYS (a store
    only read since then goes too: that costs one run without the cache, never a wrong finding)."""
    try:
        found = [(os.stat(e.path).st_mtime, e.path) for e in os.scandir(root)
                 if e.name.endswith(".json") and e.is_file() and e.path != keep]
    except OSError:
        return
    found.sort(reverse=True)
    oldest = time.time() - STALE_DAYS * 86400
    for i, (mtime, path) in enumerate(found):
        if i >= MAX_STORES - 1 or mtime < oldest:
            with suppress(OSError):
                os.remove(path)


def clean(root: str | os.PathLike[str] = CACHE_DIR) -> bool:
    """Remove the cache folder; True when there was one."""
    import shutil  # with its compression modules, for `lexlint clean` only

    if not os.path.isdir(root):
        return False
    shutil.rmtree(root)
    return True
