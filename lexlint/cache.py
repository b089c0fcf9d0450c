"""Findings cached per file in `.lexlint_cache/`, keyed by the file's path and bytes, the resolved read
options and phrasebook, and the lexlint version and code. An entry that cannot be read back is ignored."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, fields

from lexlint import __version__
from lexlint.findings import Finding
from lexlint.phrasebook import Phrasebook

CACHE_DIR = ".lexlint_cache"
FORMAT = 1
_FIELDS = frozenset(f.name for f in fields(Finding))


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


@dataclass(frozen=True)
class Cache:
    root: str
    salt: str  # everything besides the file that decides its findings

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

    def _file(self, key: str) -> str:
        return os.path.join(self.root, key[:2], f"{key[2:]}.json")

    def get(self, key: str) -> list[Finding] | None:
        """The cached findings, or None when there is no entry or it is damaged in any way."""
        try:
            with open(self._file(key), encoding="utf-8") as fh:
                entry = json.load(fh)
            if entry["key"] != key:
                return None
            found = [Finding(**item) for item in entry["findings"] if set(item) <= _FIELDS]
            if len(found) != len(entry["findings"]):
                return None
            return found if all(isinstance(f.line, int) and isinstance(f.rule, str) for f in found) else None
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, key: str, findings: list[Finding]) -> None:
        """Store atomically; a cache that cannot be written is skipped silently."""
        target = self._file(key)
        tmp = f"{target}.{os.getpid()}.tmp"
        data = json.dumps({"key": key, "findings": [asdict(f) for f in findings]}, ensure_ascii=False)
        try:
            try:
                _write(tmp, data)
            except FileNotFoundError:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                _write(tmp, data)
            os.replace(tmp, target)
        except OSError:
            pass


def _write(path: str, data: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(data)


def clean(root: str | os.PathLike[str] = CACHE_DIR) -> bool:
    """Remove the cache folder; True when there was one."""
    if not os.path.isdir(root):
        return False
    shutil.rmtree(root)
    return True
