"""Where an audit's partitions are linted: in this process, in worker processes on this machine, or on a Dask
cluster (a scheduler's address, or a LocalCluster started here). Each gives the same results, partition by
partition, in whatever order they finish; the caller writes each one down as it comes.

Only so many partitions are in flight at once (IN_FLIGHT per worker): the export is read a partition at a
time as workers free up, so memory stays flat however big it is. The spec (phrasebook and configuration) goes
to each worker once; each builds its Linter on its first partition and keeps it (work.linter_for)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from lexlint.audit.inputs import Partition
from lexlint.audit.work import PartResult, Spec, audit_partition, linter_for
from lexlint.errors import LexlintError

if TYPE_CHECKING:
    from concurrent.futures import Future

IN_FLIGHT = 2  # partitions queued per worker: one being linted, one ready for when it is done
MISSING_DASK = "a Dask cluster needs Dask: pip install 'lexlint[audit]'"


def in_process(spec: Spec, parts: Iterable[Partition]) -> Iterator[PartResult]:
    for part in parts:
        yield audit_partition(spec, part)


# ---- worker processes on this machine ---------------------------------------------------------------

_SPEC: list[Spec] = []  # a pool worker's spec, set by its initializer


def _start_worker(spec: Spec) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    _SPEC[:] = [spec]
    linter_for(spec)  # the pipeline loaded once, before the first partition arrives


def _work(part: Partition) -> PartResult:
    return audit_partition(_SPEC[0], part)


def in_pool(spec: Spec, parts: Iterable[Partition], jobs: int) -> Iterator[PartResult]:
    """Partitions shared among `jobs` worker processes, each with its own Linter."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context(method), initializer=_start_worker, initargs=(spec,)
    )
    pending: set[Future[PartResult]] = set()
    todo = iter(parts)
    try:
        for part in _take(todo, jobs * IN_FLIGHT):
            pending.add(pool.submit(_work, part))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                for part in _take(todo, 1):
                    pending.add(pool.submit(_work, part))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _take(parts: Iterator[Partition], n: int) -> list[Partition]:
    out = []
    for part in parts:
        out.append(part)
        if len(out) == n:
            break
    return out


# ---- a Dask cluster ---------------------------------------------------------------------------------


@contextmanager
def dask_client(address: str | None, workers: int) -> Iterator[Any]:
    """A client of the scheduler at `address`, or of a LocalCluster of `workers` worker processes (one thread
    each, bound to 127.0.0.1) started here and stopped after."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise LexlintError(MISSING_DASK) from None
    if address:
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise LexlintError(f"no Dask scheduler answers at {address} ({exc})") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def on_dask(spec: Spec, parts: Iterable[Partition], client: Any) -> Iterator[PartResult]:
    """Partitions submitted to the cluster, a few per worker at a time; the spec sent to every worker once.
    A partition's rows are scattered to a worker and its task names them by key: in the task itself the
    scheduler would unpickle and keep every row's text (thousands of strings a partition)."""
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    shared = client.scatter(spec, broadcast=True, hash=False)
    todo = iter(parts)
    prefix = f"lexlint-audit-{spec.key[:12]}"
    rows: dict[str, Any] = {}  # task key -> its scattered partition, released with the task

    def submit(part: Partition) -> Any:
        (data,) = client.scatter([part], hash=False)  # a list of one: a tuple would be scattered item by item
        future = client.submit(audit_partition, shared, data, key=f"{prefix}-{part.number}", pure=False)
        rows[future.key] = data
        return future

    running = as_completed([submit(p) for p in _take(todo, workers * IN_FLIGHT)])
    for future in running:
        result: PartResult = future.result()
        rows.pop(future.key).release()
        future.release()
        yield result
        for part in _take(todo, 1):
            running.add(submit(part))


def local_jobs(jobs: int | None) -> int:
    """The worker processes to use on this machine: as asked, else one per core."""
    return jobs or os.cpu_count() or 1


def engine(address: str | None, local_cluster: bool, jobs: int) -> AbstractContextManager[Any]:
    """The Dask client when a cluster is asked for, else None (the partitions run here)."""
    if address or local_cluster:
        return dask_client(address, jobs)
    from contextlib import nullcontext

    return nullcontext(None)


def run(spec: Spec, parts: Iterable[Partition], jobs: int, client: Any) -> Iterator[PartResult]:
    """Each partition's result, from the cluster when there is a client, else from `jobs` processes here."""
    if client is not None:
        return on_dask(spec, parts, client)
    if jobs > 1:
        return in_pool(spec, parts, jobs)
    return in_process(spec, parts)
