"""Linting files in chunks, in this process or across worker processes that each build the pipeline and
the compiled phrasebook once. A worker reads the files it is given (unless the text is already known)
and lints them; results come back in the order the files were given, and the caller caches them.

A few large files (a CSV or JSONL export) are read here and their segments spread over forked workers,
which inherit the compiled phrasebook and the segments and send back only findings.

The engine and multiprocessing are imported when there is something to lint: a run whose files are all
cached needs neither."""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from lexlint.errors import LexlintError
from lexlint.findings import Finding
from lexlint.phrasebook import Phrasebook
from lexlint.progress import Progress
from lexlint.segments import Segment
from lexlint.sources import ReadOptions, read_file, read_text

if TYPE_CHECKING:
    from lexlint.engine import Linter

CHUNK_MAX = 128  # files per task: small enough to balance the workers, large enough to batch nlp.pipe
PARALLEL_MIN_FILES = 64  # fewer files than this are linted in this process unless --jobs says otherwise
PARALLEL_MIN_BYTES = 1 << 20  # ... or unless they hold this much text
SPREAD_MIN_SEGMENTS = 2048  # fewer segments than this are not worth forking workers for
SPREAD_TASKS_PER_JOB = 4  # segment chunks per worker, to balance uneven chunks


class Item(NamedTuple):
    """A file to lint. Named tuples: a run makes one of each per file, and a frozen dataclass costs several
    times as much to create."""

    path: str  # as named on the command line (or the stdin name)
    text: str | None = None  # decoded contents, when already read
    key: str | None = None  # where the caller caches its findings


class FileOutcome(NamedTuple):
    path: str
    text: str | None = ""  # None: known by the cache without being read
    findings: tuple[Finding, ...] = ()
    error: LexlintError | None = None


def default_jobs(items: list[Item]) -> int:
    """One per core for many files or much text, else one."""
    many = len(items) >= PARALLEL_MIN_FILES or sum(_size(item) for item in items) >= PARALLEL_MIN_BYTES
    return (os.cpu_count() or 1) if many else 1


def _size(item: Item) -> int:
    if item.text is not None:
        return len(item.text)
    try:
        return os.path.getsize(item.path)
    except OSError:
        return 0


def lint_chunk(linter: Linter, items: list[Item], options: ReadOptions, spread: int = 1) -> list[FileOutcome]:
    """Read each file's segments and lint them all in one nlp.pipe run; a file that fails to read is an error.
    spread > 1 shares the segments among that many forked workers."""
    segments: list[Segment] = []
    texts: dict[str, str] = {}
    errors: dict[str, LexlintError] = {}
    for item in items:
        if item.path in texts or item.path in errors:  # the same file named twice is linted once
            continue
        try:
            text = texts[item.path] = item.text if item.text is not None else read_file(item.path)
            segments.extend(read_text(item.path, text, options))
        except LexlintError as exc:
            errors[item.path] = exc
    by_path: dict[str, list[Finding]] = {}
    for finding in _lint_segments(linter, segments, spread) if segments else ():
        by_path.setdefault(finding.path, []).append(finding)
    out = []
    for item in items:
        found = by_path.get(item.path, [])
        out.append(FileOutcome(item.path, texts.get(item.path, ""), tuple(found), errors.get(item.path)))
    return out


def _lint_segments(linter: Linter, segments: list[Segment], spread: int) -> list[Finding]:
    """linter.lint(segments), in contiguous slices across `spread` forked workers when there are enough."""
    if spread <= 1 or len(segments) < SPREAD_MIN_SEGMENTS:
        return linter.lint(segments)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(segments) // (spread * SPREAD_TASKS_PER_JOB))
    bounds = [(i, min(i + size, len(segments))) for i in range(0, len(segments), size)]
    context = multiprocessing.get_context("fork")
    out: list[Finding] = []
    with ProcessPoolExecutor(spread, mp_context=context, initializer=_start_spread, initargs=(linter, segments)) as pool:
        for found in pool.map(_work_slice, bounds):
            out.extend(found)
    return out


def _start_spread(linter: Linter, segments: list[Segment]) -> None:
    _WORKER["linter"] = linter
    _WORKER["segments"] = segments


def _work_slice(bounds: tuple[int, int]) -> list[Finding]:
    segments: list[Segment] = _WORKER["segments"]  # type: ignore[assignment]
    return _WORKER["linter"].lint(segments[bounds[0] : bounds[1]])  # type: ignore[attr-defined]


def _chunks(items: list[Item], jobs: int) -> Iterator[list[Item]]:
    size = max(1, min(CHUNK_MAX, -(-len(items) // (jobs * 4))))
    for i in range(0, len(items), size):
        yield items[i : i + size]


# The compiled phrasebook of a worker process, built once when the process starts.
_WORKER: dict[str, object] = {}


def _start_worker(linter_or_book: Linter | Phrasebook, options: ReadOptions) -> None:
    from lexlint.engine import Linter

    _WORKER["linter"] = Linter(linter_or_book) if isinstance(linter_or_book, Phrasebook) else linter_or_book
    _WORKER["options"] = options


def _work(items: list[Item]) -> list[FileOutcome]:
    return lint_chunk(_WORKER["linter"], items, _WORKER["options"])  # type: ignore[arg-type]


def lint_files(items: list[Item], book: Phrasebook, options: ReadOptions, jobs: int = 1,
               progress: Progress | None = None, linter: Linter | None = None) -> list[FileOutcome]:
    """Every file's outcome, in the order given; jobs > 1 spreads chunks of files over processes.
    `linter`, when given, is `book` already compiled."""
    if not items:
        return []
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from lexlint.engine import Linter

    fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs > 1 and fork and len(items) < jobs * SPREAD_TASKS_PER_JOB:  # a few files: share out their segments
        linter = linter or Linter(book)
        out = lint_chunk(linter, items, options, spread=jobs)
        if progress:
            progress(len(items), len(items))
        return out
    jobs = max(1, min(jobs, len(items)))
    out = []
    if jobs == 1:
        linter = linter or Linter(book)
        for chunk in _chunks(items, 1):
            out.extend(lint_chunk(linter, chunk, options))
            if progress:
                progress(len(chunk), len(items))
        return out
    # With fork the workers inherit the pipeline and compiled phrasebook built here; otherwise each builds its own.
    context = multiprocessing.get_context("fork" if fork else None)
    seed: Linter | Phrasebook = (linter or Linter(book)) if fork else book
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(seed, options)) as pool:
        for outcomes in pool.map(_work, _chunks(items, jobs)):
            out.extend(outcomes)
            if progress:
                progress(len(outcomes), len(items))
    return out
