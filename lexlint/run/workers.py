"""Linting files in chunks, in this process or across worker processes that each build the pipeline and
the compiled phrasebook once. A worker reads the files it is given (unless the text is already known)
and lints them; results come back in the order the files were given, and the caller caches them.

A few large files (a CSV or JSONL export, a long text) are read here and their segments, or the pieces of
a text too long for the pipeline to take at once, spread over forked workers, which inherit the compiled
phrasebook and the segments and send back only findings.

The engine and multiprocessing are imported when there is something to lint: a run whose files are all
cached needs neither."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar, runtime_checkable

from lexlint.errors import InternalError, LexlintError
from lexlint.findings import Finding
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.run.progress import Progress
from lexlint.sources import ReadOptions, read_file, read_text
from lexlint.sources.segments import MAX_PIECE_CHARS, Segment

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from lexlint.engine import Linter, Piece

CHUNK_MAX = 128  # files per task: small enough to balance the workers, large enough to batch nlp.pipe
PARALLEL_MIN_FILES = 64  # fewer files than this are linted in this process unless --jobs says otherwise
PARALLEL_MIN_BYTES = 2 * MAX_PIECE_CHARS  # ... or unless they hold this much text (one text's pieces are shared)
SPREAD_MIN_SEGMENTS = 2048  # fewer segments than this are not worth forking workers for, unless one is cut
SPREAD_TASKS_PER_JOB = 4  # segment chunks per worker, to balance uneven chunks


@runtime_checkable
class WholeFileLinter(Protocol):
    """A linter that is given each file's whole text rather than its segments: a server's, which reads the
    text there (`lexlint check --server`), so that neither a reader nor the engine is imported here for it."""

    book: Phrasebook

    def file_findings(self, path: str, text: str, options: ReadOptions) -> list[Finding]: ...


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


def lint_chunk(
    linter: Linter | WholeFileLinter, items: list[Item], options: ReadOptions, spread: int = 1
) -> list[FileOutcome]:
    """Read each file's segments and lint them all in one nlp.pipe run; a file that fails to read is an error.
    spread > 1 shares the segments among that many forked workers. Whatever goes wrong with one file (an
    InputError, or a bug: any other exception) is that file's error; the other files are still linted."""
    segments: dict[str, list[Segment]] = {}
    texts: dict[str, str] = {}
    errors: dict[str, LexlintError] = {}
    by_path: dict[str, list[Finding]] = {}
    for item in items:
        if item.path in texts or item.path in errors:  # the same file named twice is linted once
            continue
        try:
            text = texts[item.path] = item.text if item.text is not None else read_file(item.path)
            if isinstance(linter, WholeFileLinter):
                by_path[item.path] = linter.file_findings(item.path, text, options)
            else:
                segments[item.path] = read_text(item.path, text, options)
        except Exception as exc:
            errors[item.path] = as_file_error(exc, item.path)
    if not isinstance(linter, WholeFileLinter):
        for finding in _lint_apart(linter, segments, spread, errors):
            by_path.setdefault(finding.path, []).append(finding)
    out = []
    for item in items:
        found = by_path.get(item.path, [])
        out.append(FileOutcome(item.path, texts.get(item.path, ""), tuple(found), errors.get(item.path)))
    return out


def as_file_error(exc: Exception, path: str) -> LexlintError:
    """The error one file's failure is reported as: a user's input error as it is, anything else a bug."""
    return exc if isinstance(exc, LexlintError) else InternalError.from_exception(exc, path)


def _lint_apart(
    linter: Linter, segments: dict[str, list[Segment]], spread: int, errors: dict[str, LexlintError]
) -> list[Finding]:
    """Every file's segments linted in one run; when that fails, each file's on its own, so that the file
    that fails is the one with the error (in `errors`) and the others keep their findings."""
    together = [s for found in segments.values() for s in found]
    if not together:
        return []
    try:
        return _lint_segments(linter, together, spread)
    except Exception as exc:
        if len(segments) == 1:
            errors[next(iter(segments))] = as_file_error(exc, next(iter(segments)))
            return []
    out: list[Finding] = []
    for path, found in segments.items():
        try:
            out.extend(linter.rule_findings(found))
        except Exception as exc:
            errors[path] = as_file_error(exc, path)
    return out


def _lint_segments(linter: Linter, segments: list[Segment], spread: int) -> list[Finding]:
    """linter.rule_findings(segments), in contiguous runs of their pieces across `spread` forked workers when
    there are enough pieces, or a text so long that it was cut into pieces (what the pipeline takes at once:
    at most MAX_PIECE_CHARS characters)."""
    if spread <= 1:
        return linter.rule_findings(segments)
    from lexlint.engine import split_pieces

    pieced = split_pieces(segments)
    if len(pieced) < SPREAD_MIN_SEGMENTS and len(pieced) == len(segments):
        return linter.piece_findings(pieced)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(pieced) // (spread * SPREAD_TASKS_PER_JOB))
    bounds = [(i, min(i + size, len(pieced))) for i in range(0, len(pieced), size)]
    context = multiprocessing.get_context("fork")
    out: list[Finding] = []
    pool = ProcessPoolExecutor(
        min(spread, len(bounds)), mp_context=context, initializer=_start_spread, initargs=(os.getpid(), linter, pieced)
    )
    for found in _results(pool, _work_slice, bounds):
        out.extend(found)
    return out


def _start_spread(parent: int, linter: Linter, pieced: list[Piece]) -> None:
    _die_with_parent(parent)
    _WORKER.linter = linter
    _WORKER.pieced = pieced


def _work_slice(bounds: tuple[int, int]) -> list[Finding]:
    assert _WORKER.linter is not None  # set by _start_spread
    return _WORKER.linter.piece_findings(_WORKER.pieced[bounds[0] : bounds[1]])


def _chunks(items: list[Item], jobs: int) -> Iterator[list[Item]]:
    size = max(1, min(CHUNK_MAX, -(-len(items) // (jobs * 4))))
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass
class _WorkerState:
    """What a worker process holds from its start: the compiled phrasebook, and what it lints."""

    linter: Linter | None = None
    options: ReadOptions = field(default_factory=ReadOptions)
    pieced: list[Piece] = field(default_factory=list)  # a spread worker's share comes as runs of these


_WORKER = _WorkerState()


def _start_worker(parent: int, linter_or_book: Linter | Phrasebook, options: ReadOptions) -> None:
    from lexlint.engine import Linter

    _die_with_parent(parent)

    _WORKER.linter = Linter(linter_or_book) if isinstance(linter_or_book, Phrasebook) else linter_or_book
    _WORKER.options = options


def _work(items: list[Item]) -> list[FileOutcome]:
    assert _WORKER.linter is not None  # set by _start_worker
    return lint_chunk(_WORKER.linter, items, _WORKER.options)


def lint_files(
    items: list[Item],
    book: Phrasebook,
    options: ReadOptions,
    jobs: int = 1,
    progress: Progress | None = None,
    linter: Linter | WholeFileLinter | None = None,
) -> list[FileOutcome]:
    """Every file's outcome, in the order given; jobs > 1 spreads chunks of files over processes.
    `linter`, when given, is `book` already compiled, or a server's (which no process is forked for)."""
    if not items:
        return []
    if isinstance(linter, WholeFileLinter):
        return _in_process(linter, items, options, progress)
    from lexlint.engine import Linter

    if jobs == 1:  # multiprocessing is not even imported: a pre-commit run on one file waits for each import
        return _in_process(linter or Linter(book), items, options, progress)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork and len(items) < jobs * SPREAD_TASKS_PER_JOB:  # a few files: share out their segments
        linter = linter or Linter(book)
        out = lint_chunk(linter, items, options, spread=jobs)
        if progress:
            progress(len(items), len(items))
        return out
    jobs = max(1, min(jobs, len(items)))
    if jobs == 1:
        return _in_process(linter or Linter(book), items, options, progress)
    out = []
    # With fork the workers inherit the pipeline and compiled phrasebook built here; otherwise each builds its own.
    context = multiprocessing.get_context("fork" if fork else None)
    seed: Linter | Phrasebook = (linter or Linter(book)) if fork else book
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), seed, options)
    )
    for outcomes in _results(pool, _work, _chunks(items, jobs)):
        out.extend(outcomes)
        if progress:
            progress(len(outcomes), len(items))
    return out


def _in_process(
    linter: Linter | WholeFileLinter, items: list[Item], options: ReadOptions, progress: Progress | None
) -> list[FileOutcome]:
    out: list[FileOutcome] = []
    for chunk in _chunks(items, 1):
        out.extend(lint_chunk(linter, chunk, options))
        if progress:
            progress(len(chunk), len(items))
    return out


PR_SET_PDEATHSIG = 1  # prctl(2) on Linux: the signal a process gets when the thread that started it ends
PARENT_POLL_SECONDS = 1.0


def _die_with_parent(parent: int) -> None:
    """In a worker process, first thing: end when the lexlint process that started it ends, however it ends
    (killed, crashed), so that no worker goes on linting for nobody; and leave Ctrl-C to that process, which
    stops the workers itself (a terminal sends SIGINT to the whole process group)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent:  # it ended before prctl took effect
                os._exit(1)
            return
    import threading

    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Where prctl is missing: end this process once its parent is gone (it is then re-parented)."""
    import time

    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


@contextmanager
def _sigint_held() -> Iterator[None]:
    """SIGINT blocked in this thread meanwhile (where signal masks exist); one that came is delivered after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


RESULT_POLL_SECONDS = 0.25
A = TypeVar("A")  # a task
T = TypeVar("T")  # its result


def _result(future: Future[T]) -> T:
    """A task's result, waited for in short steps: Ctrl-C is taken up between them. (The kernel may hand a
    process's SIGINT to another thread; a main thread blocked on the result would see it only when the
    task ended, and a large chunk on a busy machine may take longer than a user waits.)"""
    from concurrent.futures import TimeoutError as FuturesTimeout

    while True:
        try:
            return future.result(timeout=RESULT_POLL_SECONDS)
        except FuturesTimeout:
            continue


def _results(pool: ProcessPoolExecutor, work: Callable[[A], T], tasks: Iterable[A]) -> Iterator[T]:
    """pool.map(work, tasks), then the pool shut down. When the caller is interrupted (Ctrl-C) or a task
    fails, the workers are stopped at once: a worker busy with a large chunk would otherwise finish it
    first, as shutting down waits for running tasks."""
    try:
        # Ctrl-C is held back while the workers are forked (they inherit the mask) and taken up again by
        # each worker only once it ignores it, so that no worker is interrupted before it can.
        with _sigint_held():
            futures = [pool.submit(work, task) for task in tasks]  # the workers start here
        for future in futures:
            yield _result(future)
    except BaseException:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
