"""An audit from start to end: the export opened and its columns chosen, the output folder readied (the
partitions already done kept), every other partition linted where the run asks (engines), each written down
as it comes (store), then the tallies added up into the tables, summary.json and report.html."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lexlint import __version__
from lexlint.audit import engines, inputs, page, tables
from lexlint.audit.columns import Columns
from lexlint.audit.store import Store
from lexlint.audit.work import Spec
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.run.cache import Cache
from lexlint.settings.config import Config
from lexlint.sources import ReadOptions

PARTITION_ROWS = 5000  # records per partition: a few seconds of work for one core, a few MB to send


@dataclass(frozen=True)
class Request:
    export: str
    out: str
    kind: str | None = None
    columns: Columns = field(default_factory=Columns)
    partition_rows: int = PARTITION_ROWS
    jobs: int = 1
    scheduler: str | None = None  # a Dask scheduler's address
    local_cluster: bool = False  # a Dask LocalCluster of `jobs` workers, started for the run
    resume: bool = True
    title: str | None = None


@dataclass(frozen=True)
class Outcome:
    summary: dict[str, Any]
    report: str  # the HTML file's path
    skipped: int  # partitions found done and not linted again
    partitions: int


Progress = Callable[[int, int], None]  # (records just finished, records in the export)


def settings_key(book: Phrasebook, config: Config, export: inputs.Export, partition_rows: int) -> str:
    """What decides an audit's results besides the export's bytes: lexlint and spaCy (the findings cache's
    key for the phrasebook), the configuration's rule settings, the columns and the partition size."""
    digest = hashlib.sha256(Cache.for_run(book, ReadOptions(channels=config.channels)).salt.encode())
    rule_settings = (config.select, config.ignore, sorted(config.severity.items()), config.overrides)
    digest.update(repr((rule_settings, export.kind, export.columns, partition_rows)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def audit(request: Request, book: Phrasebook, config: Config, progress: Progress | None = None) -> Outcome:
    """Run the audit; raises LexlintError for an export that cannot be read."""
    kind = inputs.kind_of(request.export, request.kind)
    export = inputs.open_export(request.export, kind, request.columns)
    key = settings_key(book, config, export, request.partition_rows)
    spec = Spec(book, config, key)
    stat = os.stat(request.export)
    manifest = {
        "lexlint": __version__,
        "input": os.path.abspath(request.export),
        "size": stat.st_size,
        "modified_ns": stat.st_mtime_ns,
        "format": kind,
        "columns": export.columns.used(),
        "partition_rows": request.partition_rows,
        "settings": key,
    }
    store = Store(request.out)
    done = store.open(manifest, request.resume)
    count = inputs.partition_count(export, request.partition_rows)
    if progress:
        progress(sum(t["records"] for t in store.tallies()), export.records)
    todo: Iterator[inputs.Partition] = (
        p for p in inputs.partitions(export, request.partition_rows) if p.number not in done
    )
    with engines.engine(request.scheduler, request.local_cluster, request.jobs) as client:
        for result in engines.run(spec, todo, request.jobs, client):
            store.write(result)
            if progress:
                progress(result.tally["records"], export.records)
    return finish(store, spec, export, request, len(done), count)


def finish(store: Store, spec: Spec, export: inputs.Export, request: Request, skipped: int, count: int) -> Outcome:
    """The tallies added up and written out as tables, summary.json and the report."""
    total = store.total()
    when = {c.id: c.when for c in spec.conditional}
    made = tables.all_tables(total, when)
    os.makedirs(store.path("tables"), exist_ok=True)
    for name, rows in made.items():
        store.write_text(os.path.join("tables", f"{name}.csv"), tables.to_csv(rows))
    summary = {
        "version": 1,
        "input": os.path.abspath(export.path),
        "format": export.kind,
        "columns": export.columns.used(),
        "partitions": count,
        "totals": tables.totals(total),
        "first_unreadable": total["first_unreadable"],
        "scoring": tables.scoring(),
        "tables": made,
    }
    store.write_text("summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    title = request.title or f"Audit of {os.path.basename(export.path)}"
    report = store.write_text("report.html", page.render(summary, made, title))
    return Outcome(summary, report, skipped, count)
