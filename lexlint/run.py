"""A check run: paths in, findings and per-file errors out. The CLI and other front ends share it.

Files are read here, looked up in the cache, and the rest linted in this process or by workers."""
from __future__ import annotations

from dataclasses import dataclass, field

from lexlint import workers
from lexlint.cache import Cache
from lexlint.errors import LexlintError
from lexlint.findings import Finding
from lexlint.phrasebook import Phrasebook
from lexlint.progress import Progress
from lexlint.sources import ReadOptions, decode, discover, read_bytes

STDIN = "-"


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    errors: list[LexlintError] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    files: int = 0


@dataclass(frozen=True)
class _Read:
    path: str
    text: str = ""
    key: str | None = None  # cache key, when caching
    cached: tuple[Finding, ...] | None = None
    error: LexlintError | None = None


def _read(path: str, options: ReadOptions, cache: Cache | None, stdin: bytes | None, stdin_name: str) -> _Read:
    name = stdin_name if path == STDIN else path
    try:
        data = (stdin or b"") if path == STDIN else read_bytes(path)
        text = decode(name, data)
    except LexlintError as exc:
        return _Read(name, error=exc)
    if cache is None or path == STDIN:
        return _Read(name, text)
    key = cache.key(path, data)
    found = cache.get(key)
    return _Read(name, text, key, None if found is None else tuple(found))


def check(paths: list[str], book: Phrasebook, options: ReadOptions = ReadOptions(), stdin: bytes | None = None,
          stdin_name: str = "<stdin>", *, jobs: int | None = 1, cache: Cache | None = None,
          progress: Progress | None = None) -> Result:
    """Lint every file; `jobs=None` picks by the number of files, `cache` skips unchanged files,
    `progress` is told how many files each step finished. Output does not depend on jobs or cache."""
    reads = [_read(path, options, cache, stdin, stdin_name) for path in discover(paths)]
    pending = [(r.path, r.text) for r in reads if r.error is None and r.cached is None]
    step = None
    if progress:
        progress(len(reads) - len(pending), len(reads))
        step = lambda finished, _total: progress(finished, len(reads))  # noqa: E731
    n_jobs = workers.default_jobs(len(pending)) if jobs is None else jobs
    linted = {o.path: o for o in workers.lint_files(pending, book, options, n_jobs, step)}
    result = Result(files=len(reads))
    for r in reads:
        if r.error is not None:
            result.errors.append(r.error)
            continue
        outcome = linted.get(r.path)
        if outcome is not None and outcome.error is not None:
            result.errors.append(outcome.error)
            continue
        result.sources[r.path] = r.text
        found = r.cached if outcome is None else outcome.findings
        if cache is not None and outcome is not None and r.key is not None:
            cache.put(r.key, list(found))
        result.findings.extend(found)
    return result
