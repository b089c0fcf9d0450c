"""`lexlint audit`: how a whole support team writes. A helpdesk export (JSON Lines, CSV, Parquet or a Zendesk
ticket export) read in partitions, each linted by the one lint path (`engine.Linter.lint_applying`) in this process,
in worker processes or on a Dask cluster, every reply scored (lexlint.score), and the tallies drawn as one
self-contained HTML report, with CSV tables, Parquet datasets and a JSON summary beside it.

    columns.py  which column plays each role (text, agent, macro, time, channel, ticket, context)
    inputs.py   the export streamed as partitions of rows
    work.py     a partition linted and scored: its tables and tally (what a worker runs)
    engines.py  where partitions run: here, worker processes, a Dask cluster
    store.py    the output folder, a partition at a time, so a stopped run resumes
    tally.py    the counts per rule, agent, macro and day, added up over partitions
    tables.py   the counts as tables (CSV, summary.json)
    charts.py   the tables as Vega-Lite charts (Altair), rendered to SVG offline (vl-convert)
    page.py     the HTML report
    run.py      all of it in order

pyarrow, Altair and vl-convert (and Dask for a cluster) come with the `audit` extra; the command says so when
they are missing."""

from __future__ import annotations

EXTRA = "pip install 'lexlint[audit]'"
NEEDS = ("pyarrow", "altair", "vl_convert")  # imported by the modules that need them, when they are needed


def missing() -> str | None:
    """The first package of the extra that cannot be imported, or None."""
    import importlib

    for name in NEEDS:
        try:
            importlib.import_module(name)
        except ImportError:
            return name
    return None
