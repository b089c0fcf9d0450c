"""A check run: files in, findings (as the configuration reports them) and per-file errors out. Every face
that lints files calls `lint_plan` (or `lint` for one phrasebook).

With a cache, files are looked up here first (by their stat, else read and by their bytes); the rest are
linted in this process or by workers, and their findings are cached here once they come back. A file known
by its stat alone is read only if the report asks for its text."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lexlint.errors import LexlintError, NothingToLint
from lexlint.findings import Finding
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.run import workers
from lexlint.run.cache import Cache
from lexlint.run.progress import Progress
from lexlint.settings.config import adjuster
from lexlint.sources import ReadOptions, decode, read_file

if TYPE_CHECKING:
    from lexlint.engine import Linter
    from lexlint.settings.config import Config
    from lexlint.settings.plan import Plan

STDIN = "-"
# Linting allocates many short-lived containers and next to no reference cycles; at Python's default
# threshold (700) the collector runs thousands of times a run, re-scanning the pipeline and phrasebook.
GC_THRESHOLD = 50_000


@contextmanager
def rare_collections() -> Iterator[None]:
    """Collect cycles rarely while linting (worker processes inherit this), as before afterwards. As a
    decorator, around every call of the function."""
    old = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


class FileTexts(Mapping[str, str]):
    """Each linted file's decoded text by path; a file answered from the cache unread is read when first
    asked for (as empty text if it has gone meanwhile)."""

    def __init__(self) -> None:
        self._texts: dict[str, str | None] = {}

    def add(self, path: str, text: str | None) -> None:
        """`text` None: not read yet."""
        self._texts[path] = text

    def update(self, other: FileTexts) -> None:
        self._texts.update(other._texts)

    def __getitem__(self, path: str) -> str:
        text = self._texts[path]
        if text is None:
            try:
                text = read_file(path)
            except LexlintError:
                text = ""
            self._texts[path] = text
        return text

    def __contains__(self, path: object) -> bool:
        return path in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    errors: list[LexlintError] = field(default_factory=list)
    notes: list[LexlintError] = field(default_factory=list)  # files a folder walk found with nothing to lint
    sources: FileTexts = field(default_factory=FileTexts)
    files: int = 0

    def merge(self, other: Result) -> None:
        """Add another run's outcome (of other files) to this one."""
        self.findings += other.findings
        self.errors += other.errors
        self.notes += other.notes
        self.sources.update(other.sources)
        self.files += other.files


def _look_up(path: str, cache: Cache) -> workers.FileOutcome | workers.Item:
    """A cached file's outcome, or the item to lint (already read, with its cache key)."""
    try:
        found = cache.lookup(path)
    except LexlintError as exc:
        return workers.FileOutcome(path, error=exc)
    if found.findings is None:
        return workers.Item(path, found.text, found.key)
    return workers.FileOutcome(path, found.text, tuple(found.findings))


@rare_collections()  # the whole run: the cache's store and the file lookups allocate thousands of containers too
def lint(
    files: list[str],
    book: Phrasebook,
    options: ReadOptions = ReadOptions(),
    stdin: bytes | None = None,
    stdin_name: str = "<stdin>",
    *,
    jobs: int | None = 1,
    cache: Cache | None = None,
    progress: Progress | None = None,
    linter: Linter | workers.WholeFileLinter | None = None,
    config: Config | None = None,
) -> Result:
    """Lint every file (folders already walked, as `Config.files` lists them; "-" is standard input);
    `jobs=None` picks by the number of files, `cache` skips unchanged files, `progress` is told how many
    files each step finished, `config` says which findings are reported and how. Output does not depend on
    jobs or cache.
    A readable file with no text to lint (a config file, a JSON file of numbers) is a note, not an error."""
    slots: list[workers.FileOutcome | workers.Item] = []
    for path in files:
        if path == STDIN:
            try:
                slots.append(workers.Item(stdin_name, decode(stdin_name, stdin or b"")))
            except LexlintError as exc:
                slots.append(workers.FileOutcome(stdin_name, error=exc))
        else:
            slots.append(workers.Item(path) if cache is None else _look_up(path, cache))
    pending = [s for s in slots if isinstance(s, workers.Item)]
    step = None
    if progress:
        progress(len(slots) - len(pending), len(slots))
        step = lambda finished, _total: progress(finished, len(slots))  # noqa: E731
    n_jobs = workers.default_jobs(pending) if jobs is None else jobs
    linted = iter(workers.lint_files(pending, book, options, n_jobs, step, linter))
    result = Result(files=len(slots))
    adjust = adjuster(config, book)  # once per run: it reads every rule's tags
    for slot in slots:
        outcome = next(linted) if isinstance(slot, workers.Item) else slot
        if outcome.error is not None:
            (result.notes if isinstance(outcome.error, NothingToLint) else result.errors).append(outcome.error)
            continue
        if cache is not None and isinstance(slot, workers.Item) and slot.key is not None:
            cache.put(slot.key, outcome.path, outcome.findings)
        result.sources.add(outcome.path, outcome.text)
        result.findings.extend(kept for f in outcome.findings if (kept := adjust(f)) is not None)
    if cache is not None:
        cache.save()
    return result


def lint_plan(
    plan: Plan,
    *,
    stdin: bytes | None = None,
    stdin_name: str = "<stdin>",
    jobs: int | None = 1,
    use_cache: bool = True,
    progress: Callable[[], AbstractContextManager[Progress | None]] | None = None,
    linters: Mapping[tuple[str, ...], Linter | workers.WholeFileLinter] | None = None,
) -> Result:
    """Every group of the plan linted with its phrasebook (and its cache, and a progress bar from `progress`),
    the findings in the order their files were named and walked. `linters`, by group profiles: ones already
    built (to fix the files first), else built only if a file is not cached."""
    result = Result()
    for group in plan.groups:
        cache = Cache.for_run(group.book, plan.options) if use_cache else None
        with progress() if progress else nullcontext(None) as bar:
            result.merge(
                lint(
                    list(group.files),
                    group.book,
                    plan.options,
                    stdin=stdin,
                    stdin_name=stdin_name,
                    jobs=jobs,
                    cache=cache,
                    progress=bar,
                    linter=(linters or {}).get(group.profiles),
                    config=plan.config,
                )
            )
    order = {stdin_name if path == STDIN else path: i for i, path in enumerate(plan.files)}
    result.findings.sort(key=lambda f: order.get(f.path, -1))
    return result
