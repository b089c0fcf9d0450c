"""`lexlint audit`: a helpdesk export linted whole and drawn as an HTML report (lexlint/audit/). The
configuration is resolved as `check` resolves it, for the export's folder; the audit's packages come with the
`audit` extra, imported only by this command."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from lexlint.cli.common import config_option, fail, no_default_option, phrasebook_option, profile_option
from lexlint.errors import EXIT_ERROR, LexlintError

ROLES = (
    ("text", "the reply's text"),
    ("agent", "who sent it (an agent's name or id)"),
    ("macro", "the macro or template it was written from"),
    ("time", "when it was sent (ISO 8601, Twitter's form, or epoch seconds)"),
    ("channel", "the channel (email, chat, twitter, voice …)"),
    ("ticket", "the ticket or conversation"),
    ("context", "the customer's message it answers"),
    ("id", "the reply's own id"),
)
FORMATS = ("jsonl", "csv", "parquet", "zendesk")


def _role_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for role, what in reversed(ROLES):
        fn = click.option(f"--{role}", f"{role}_column", metavar="COLUMN", help=f"The column holding {what}.")(fn)
    return fn


def _ids(values: tuple[str, ...]) -> tuple[str, ...] | None:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip()) or None


@click.command()
@click.argument("export", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False),
    default="lexlint-audit",
    show_default=True,
    help="The folder for report.html, tables/, summary.json and the Parquet datasets.",
)
@click.option("--format", "kind", type=click.Choice(FORMATS), help="The export's format [default: by its name].")
@_role_options
@phrasebook_option
@no_default_option
@profile_option
@config_option
@click.option("--select", multiple=True, help="Only these rule ids or tags (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, help="Never these rule ids or tags (comma-separated, repeatable).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes on this machine, or workers of --local-cluster [default: one per core].",
)
@click.option("--scheduler", metavar="ADDRESS", help="Run on this Dask scheduler, e.g. tcp://scheduler:8786.")
@click.option("--local-cluster", is_flag=True, help="Start a Dask LocalCluster of --jobs workers for the run.")
@click.option(
    "--partition-rows",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="Records per partition: what one task reads, lints and writes.",
)
@click.option("--fresh", is_flag=True, help="Start over, even where the folder holds this audit half done.")
@click.option("--title", help="The report's title [default: Audit of EXPORT].")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def audit(
    export: str,
    out: str,
    kind: str | None,
    phrasebooks: tuple[str, ...],
    no_default: bool,
    profiles: tuple[str, ...],
    config_file: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    jobs: int | None,
    scheduler: str | None,
    local_cluster: bool,
    partition_rows: int,
    fresh: bool,
    title: str | None,
    quiet: bool,
    **columns: str | None,
) -> None:
    """Audit a helpdesk export: every reply linted and scored, as an HTML report with CSV and JSON beside it.

    A reply scores 100 less its findings' weights (docs/audit.md, "Scores"); agents, macros and days score the
    mean of their replies. A re-run with the same input and settings skips the partitions already done."""
    from lexlint import audit as auditing

    lacking = auditing.missing()
    if lacking or ((scheduler or local_cluster) and _lacks("distributed")):
        click.echo(f"lexlint: error: lexlint audit needs its extra: {auditing.EXTRA}", err=True)
        sys.exit(EXIT_ERROR)
    from lexlint.audit.columns import Columns
    from lexlint.audit.run import Request
    from lexlint.audit.run import audit as run_audit
    from lexlint.report import visible
    from lexlint.run.progress import progress_bar
    from lexlint.settings import plan

    try:
        cfg = plan.configure(
            [export],
            config_file,
            select=_ids(select),
            ignore=_ids(ignore),
            phrasebooks=tuple(phrasebooks) or None,
            no_default=no_default or None,
        )
        book = plan.rulebook(cfg, profiles)
    except LexlintError as exc:
        fail(exc)
    chosen = Columns.chosen({name.removesuffix("_column"): value for name, value in columns.items()}, cfg.audit)
    request = Request(
        export,
        out,
        kind,
        chosen,
        partition_rows,
        jobs or _cores(),
        scheduler,
        local_cluster,
        resume=not fresh,
        title=title,
    )
    try:
        with progress_bar(enabled=not quiet, unit="records") as bar:
            outcome = run_audit(request, book, cfg, bar)
    except LexlintError as exc:
        fail(exc)
    totals = outcome.summary["totals"]
    if outcome.skipped:
        click.echo(
            f"lexlint: {outcome.skipped} of {outcome.partitions} partitions were done already: not linted again",
            err=True,
        )
    if totals["unreadable"]:
        record, why = outcome.summary["first_unreadable"]
        click.echo(
            visible(f"lexlint: note: {totals['unreadable']} records skipped; the first, record {record}: {why}"),
            err=True,
        )
    click.echo(
        f"Audited {totals['messages']:,} replies: {totals['findings']:,} findings "
        f"({totals['per_100_replies']:g} per 100 replies), mean score {totals['score']:g}/100."
    )
    click.echo(visible(f"Report: {outcome.report}"))


def _lacks(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is None


def _cores() -> int:
    import os

    return os.cpu_count() or 1
