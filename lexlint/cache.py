"""Findings cached per file in `.lexlint_cache/`, keyed by the file's path and bytes, the resolved read
options and phrasebook, and the lexlint version. An entry that cannot be read back is ignored."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from lexlint import __version__
from lexlint.findings import Finding
from lexlint.phrasebook import Phrasebook

CACHE_DIR = ".lexlint_cache"
FORMAT = 1
_FIELDS = frozenset(f.name for f in fields(Finding))


@dataclass(frozen=True)
class Cache:
    root: Path
    salt: str  # everything besides the file that decides its findings

    @classmethod
    def for_run(cls, book: Phrasebook, settings: object, root: str | os.PathLike[str] = CACHE_DIR) -> Cache:
        """`settings`: the resolved options that change findings (a frozen dataclass has a stable repr)."""
        digest = hashlib.sha256()
        for part in (f"lexlint {__version__} cache {FORMAT}", repr(settings), repr(book)):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return cls(Path(root), digest.hexdigest())

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.root / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> list[Finding] | None:
        """The cached findings, or None when there is no entry or it is damaged in any way."""
        try:
            entry = json.loads(self._file(key).read_text(encoding="utf-8"))
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
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        data = json.dumps({"key": key, "findings": [asdict(f) for f in findings]}, ensure_ascii=False)
        try:
            try:
                tmp.write_text(data, encoding="utf-8")
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_text(data, encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            pass


def clean(root: str | os.PathLike[str] = CACHE_DIR) -> bool:
    """Remove the cache folder; True when there was one."""
    path = Path(root)
    if not path.is_dir():
        return False
    shutil.rmtree(path)
    return True
