"""The server's bounds: request body size, time per request, and the bounded work queue that lints one
request at a time per process (the pipeline is not shared between threads) and refuses work past its size."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, TypeVar

from lexlint.serve.service import RequestError

T = TypeVar("T")

MAX_BODY = 1_000_000  # bytes: a long reply is some kilobytes; a megabyte is a whole macro library
TIME_LIMIT = 20.0  # seconds a request may take, waiting included
QUEUE = 32  # requests that may wait while one is linted
RETRY_AFTER = 1  # seconds a client refused for a full queue is told to wait


@dataclass(frozen=True)
class Limits:
    max_body: int = MAX_BODY
    time_limit: float = TIME_LIMIT
    queue: int = QUEUE


class Busy(RequestError):
    """The queue is full, or the request ran out of time: 503, and when to try again."""

    def __init__(self, message: str):
        super().__init__(message, 503)
        self.retry_after = RETRY_AFTER


def _call_soon(loop: asyncio.AbstractEventLoop, fn: Callable[[Future[Any]], None], done: Future[Any]) -> None:
    with suppress(RuntimeError):  # the loop already closed: the server is shutting down
        loop.call_soon_threadsafe(fn, done)


class WorkQueue:
    """Runs lint work on one thread, at most `queue` requests waiting behind the one running. A request that
    times out is answered at once; its work, if already running, still holds its place until it ends, so the
    queue never admits more work than it can hold."""

    def __init__(self, limits: Limits) -> None:
        self._limits = limits
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lexlint-lint")
        self._held = 0

    def _release(self, _done: Future[Any]) -> None:
        self._held -= 1

    async def run(self, work: Callable[[], T]) -> T:
        if self._held > self._limits.queue:
            raise Busy(f"the server is busy ({self._held} requests in its queue); try again shortly")
        loop = asyncio.get_running_loop()
        self._held += 1
        job = self._executor.submit(work)
        job.add_done_callback(lambda done: _call_soon(loop, self._release, done))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(job), self._limits.time_limit)
        except TimeoutError:
            raise Busy(f"the request took longer than {self._limits.time_limit:g} s") from None

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
