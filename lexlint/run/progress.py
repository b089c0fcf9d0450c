"""A progress bar on stderr for long runs: only on a terminal, only once a run has taken a while."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

SHOW_AFTER = 2.0  # seconds before a bar appears
WIDTH = 30

Progress = Callable[[int, int], None]  # (files just finished, files in the run)


class _Bar:
    def __init__(self, stream: TextIO, unit: str = "files") -> None:
        self.stream = stream
        self.unit = unit
        self.started = time.monotonic()
        self.done = 0
        self.shown = False

    def __call__(self, finished: int, total: int) -> None:
        self.done += finished
        if not self.shown and time.monotonic() - self.started < SHOW_AFTER:
            return
        self.shown = True
        filled = WIDTH * self.done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{' ' * (WIDTH - filled)}] {self.done}/{total} {self.unit}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@contextmanager
def progress_bar(enabled: bool = True, stream: TextIO | None = None, unit: str = "files") -> Iterator[Progress | None]:
    """A progress callback, or None when quiet or when the stream is not a terminal (CI, pipes); `unit` is
    what it counts."""
    stream = stream or sys.stderr
    if not enabled or not stream.isatty():
        yield None
        return
    bar = _Bar(stream, unit)
    try:
        yield bar
    finally:
        bar.close()
