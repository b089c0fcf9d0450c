"""Findings cached in `.lexlint_cache/`, keyed by the file's path and bytes, the resolved read options and
phrasebook, the lexlint version and code, and the versions of spaCy and spacy-lookups-data (with the lemma
table's size and modification time).

A regular file is known unchanged without reading it when its stat (device, inode, size, modification and
change times in ns) is the one recorded when it was last read. A stat is recorded only for a file last changed
RACY_NS or more before the run began, so that a change within the same clock tick as the read cannot hide
behind an equal stat; any other file is read and hashed.

One store per run settings (the folder `<salt[:32]>/`), in SHARDS JSON files by the hash of a file's path:
a run reads only the shards of the files it looks up and writes back only those it changed. A pre-commit
run on a few files in a repository of thousands then reads and writes a few thirty-seconds of the store,
never all of it, while a file per linted file would cost more than linting a short one. The folder is
untrusted input, so the shards are JSON (never pickle) and every entry is checked field by field when it is
read; an entry that fails is a miss, a shard that fails to parse or belongs to other settings is ignored
whole."""

from __future__ import annotations

import hashlib
import os
import time
import zlib
from collections.abc import Iterable
from contextlib import suppress
from itertools import islice, product
from stat import S_ISREG
from typing import NamedTuple, get_args, get_type_hints

from lexlint import __version__
from lexlint.findings import FIX_SAFETY, SEVERITIES, Finding
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.rulebook.resources import rules_dir
from lexlint.sources import decode, read_bytes
from lexlint.stores import read_store, write_store

CACHE_DIR = ".lexlint_cache"
FORMAT = 7  # 7: a finding row carries its message (message_at, message_words, ordering) for the score
SHARDS = 32
MAX_ENTRIES = 200_000  # files kept per store; the least recently used of a shard beyond its share are dropped on save
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
    """Size and modification time of lexlint's own modules and bundled data (the words of ordering findings,
    the marks of a macro's channel), so an edited checkout never reads stale findings."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # lexlint/
    stamps = []
    data = str(rules_dir())
    for root in (package,) if data.startswith(package + os.sep) else (package, data):  # inside once installed
        for folder, _dirs, names in os.walk(root):
            for name in sorted(names):
                if name.endswith((".py", ".yaml")):
                    st = os.stat(os.path.join(folder, name))
                    stamps.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(sorted(stamps))


def _library_stamp() -> str:
    """The versions of spaCy and spacy-lookups-data (their about.py, which holds `__version__`) and the lemma
    table's size and modification time: a new tokenizer or lemma table can change findings. Found without
    importing either: a cached run loads neither library, and importlib.metadata's search is a cost it need not pay."""
    import importlib.util

    from lexlint.rulebook.forms import lookup_stamp

    parts = []
    for name in ("spacy", "spacy_lookups_data"):
        spec = importlib.util.find_spec(name)
        about = os.path.join(os.path.dirname(spec.origin), "about.py") if spec and spec.origin else None
        try:
            with open(about or "", "rb") as fh:
                parts.append(f"{name}: {fh.read().decode('utf-8', 'replace')}")
        except OSError:
            parts.append(f"{name}: missing")
    return "\n".join([*parts, f"lemma table {lookup_stamp()}"])


class Lookup(NamedTuple):
    """What the cache knows of a file: its findings (None: lint it), its text (None: not read) and its key."""

    findings: list[Finding] | None
    text: str | None
    key: str | None


Shard = tuple[dict[str, object], dict[str, object]]  # entries (key -> rows) and stats (path -> [*stat, key]), unchecked


class Cache:
    """The store of one run's settings. A shard is read on first use; `put` changes it in memory only and
    `save` writes the changed shards back once, so worker processes never touch it."""

    def __init__(self, root: str, salt: str) -> None:
        self.root = root
        self.salt = salt  # everything besides the file that decides its findings
        self.path = os.path.join(root, salt[:32])  # the store's folder
        self._shards: dict[int, Shard] = {}  # as loaded
        self._used: dict[int, dict[str, object]] = {}  # per shard: entries hit or put by this run, in that order
        self._seen: dict[int, dict[str, list[object]]] = {}  # per shard: stats recorded by this run
        self._changed: set[int] = set()
        self._settled = time.time_ns() - RACY_NS  # a file last changed before this may be known by its stat

    @classmethod
    def for_run(cls, book: Phrasebook, settings: object, root: str | os.PathLike[str] = CACHE_DIR) -> Cache:
        """`settings`: the resolved options that change findings (a frozen dataclass has a stable repr)."""
        digest = hashlib.sha256()
        for part in (
            f"lexlint {__version__} cache {FORMAT}",
            _code_stamp(),
            _library_stamp(),
            repr(settings),
            repr(book),
        ):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return cls(os.fspath(root), digest.hexdigest())

    def lookup(self, path: str) -> Lookup:
        """`path`'s cached findings, unread when its stat is as recorded, else read and known by its bytes;
        or its text and key, to lint it and `put` the findings. Raises LexlintError when it cannot be read."""
        try:
            stat: os.stat_result | None = os.stat(path)
        except OSError:
            stat = None  # read_bytes says why
        key = self._known(path, stat) if stat is not None else None
        found = self.get(key, path) if key is not None else None
        if found is not None:
            return Lookup(found, None, key)
        data = read_bytes(path)
        text = decode(path, data)
        key = self.key(path, data)
        if stat is not None:
            self._saw(path, stat, key)
        return Lookup(self.get(key, path), text, key)

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _known(self, path: str, stat: os.stat_result) -> str | None:
        """The key `path` had when last read, if its stat is still the one recorded then."""
        record = _record(self._shard(_shard_of(path))[1].get(path))
        return record[1] if record is not None and record[0] == _signature(stat) else None

    def _saw(self, path: str, stat: os.stat_result, key: str) -> None:
        """Record the stat `path` had when it was read (before the read) and the key its bytes gave. Only for
        a regular file (a pipe's stat says nothing of what comes through it), and not on Windows, where the
        change time is the creation time and so misses a rewrite that restores the modification time."""
        if not STAT_TRUSTED or not S_ISREG(stat.st_mode) or max(stat.st_mtime_ns, stat.st_ctime_ns) >= self._settled:
            return
        n = _shard_of(path)
        record = [*_signature(stat), key]
        if self._shard(n)[1].get(path) != record:
            self._changed.add(n)
        self._seen.setdefault(n, {})[path] = record

    def get(self, key: str, path: str) -> list[Finding] | None:
        """The cached findings of `path`, or None when there is no entry or it is damaged in any way."""
        n = _shard_of(path)
        entry = self._shard(n)[0].get(key)
        found = _findings(entry, path) if entry is not None else None
        if found is not None:
            self._used.setdefault(n, {})[key] = entry
        return found

    def put(self, key: str, path: str, findings: Iterable[Finding]) -> None:
        """Remember a linted file's findings for `save`; the same findings as stored change nothing."""
        n = _shard_of(path)
        entry = [list(f)[1:] for f in findings]
        if self._shard(n)[0].get(key) != entry:
            self._changed.add(n)
        self._used.setdefault(n, {})[key] = entry

    def save(self) -> None:
        """Write the shards this run added to. Each is read again first, so a run that finished meanwhile
        (pre-commit on other files) keeps its entries; this run's entries become the most recent. Atomic; a
        cache that cannot be written is skipped silently."""
        written = False
        for n in sorted(self._changed):
            stored, stats = self._read(n)
            used = self._used.get(n, {})
            entries = {k: v for k, v in stored.items() if k not in used}
            entries.update(used)
            keep = -(-MAX_ENTRIES // SHARDS)
            if len(entries) > keep:
                entries = dict(islice(entries.items(), len(entries) - keep, None))
            stats.update(self._seen.get(n, {}))
            stats = {p: r for p, r in stats.items() if (record := _record(r)) is not None and record[1] in entries}
            if write_store(self._file(n), {"format": FORMAT, "salt": self.salt, "entries": entries, "stats": stats}):
                self._shards[n] = entries, stats
                self._used.pop(n, None)
                self._seen.pop(n, None)
                written = True
        self._changed.clear()
        if written:
            _mark(self.root)
            _prune(self.root, keep=self.path)

    def _shard(self, n: int) -> Shard:
        shard = self._shards.get(n)
        if shard is None:
            shard = self._shards[n] = self._read(n)
        return shard

    def _file(self, n: int) -> str:
        return os.path.join(self.path, f"{n:02x}.json")

    def _read(self, n: int) -> Shard:
        """A shard's stored entries and stats, unchecked; empty when it is missing, unreadable or not this
        run's."""
        doc = read_store(self._file(n))
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("salt") != self.salt:
            return {}, {}
        entries, stats = doc.get("entries"), doc.get("stats")
        return (entries if isinstance(entries, dict) else {}), (stats if isinstance(stats, dict) else {})


def _shard_of(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS


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
        if not (
            isinstance(row, list)
            and tuple(map(type, row)) in _SIGNATURES
            and row[_SEVERITY] in SEVERITIES
            and row[_FIX] in FIX_SAFETY
        ):
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
    only read since then goes too: that costs one run without the cache, never a wrong finding). A store is
    a folder named by 32 hex digits (its shards' renames date it), or a single file `<those>.json`."""
    try:
        found = [
            (os.stat(e.path).st_mtime, e.path)
            for e in os.scandir(root)
            if e.path != keep and _is_store(e.name, e.is_dir())
        ]
    except OSError:
        return
    found.sort(reverse=True)
    oldest = time.time() - STALE_DAYS * 86400
    for i, (mtime, path) in enumerate(found):
        if i >= MAX_STORES - 1 or mtime < oldest:
            with suppress(OSError):
                if os.path.isdir(path):
                    for entry in os.scandir(path):
                        os.remove(entry.path)
                    os.rmdir(path)
                else:
                    os.remove(path)


def _is_store(name: str, is_dir: bool) -> bool:
    stem = name if is_dir else name[: -len(".json")] if name.endswith(".json") else ""
    return len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)


def clean(root: str | os.PathLike[str] = CACHE_DIR) -> bool:
    """Remove the cache folder; True when there was one."""
    import shutil  # with its compression modules, for `lexlint clean` only

    if not os.path.isdir(root):
        return False
    shutil.rmtree(root)
    return True
