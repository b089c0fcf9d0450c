"""The command line: `lexlint check`, `rules`, `explain`. Heavy imports wait until a command needs them."""
from __future__ import annotations

import sys
from typing import NoReturn

import click

from lexlint import __version__
from lexlint.errors import LexlintError

FAIL_ON = ("error", "warning", "info", "never")
CACHE_DIR = ".lexlint_cache"
phrasebook_option = click.option(
    "--phrasebook", "-p", "phrasebooks", multiple=True, type=click.Path(dir_okay=False),
    help="A phrasebook YAML, layered over the bundled default (repeatable).",
)
no_default_option = click.option("--no-default", is_flag=True, help="Do not load the bundled default phrasebook.")


def _fail(exc: LexlintError) -> NoReturn:
    click.echo(f"lexlint: error: {exc}", err=True)
    sys.exit(2)


def _load_book(phrasebooks: tuple[str, ...], no_default: bool):  # type: ignore[no-untyped-def]
    from lexlint.phrasebook import load_phrasebooks

    try:
        return load_phrasebooks(list(phrasebooks), default=not no_default)
    except LexlintError as exc:
        _fail(exc)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lexlint")
def main() -> None:
    """Lint customer-service messages against a company phrasebook."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@phrasebook_option
@no_default_option
@click.option("--format", "fmt", default="text", show_default=True, help="Output format: text or json.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="warning", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--context", "context_file", type=click.Path(dir_okay=False),
              help="A file with the customer's message being answered.")
@click.option("--input-format", help="Read every file as this format instead of guessing from its name.")
@click.option("--stdin-filename", default="<stdin>", help="Name (and so format) of what comes on stdin.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the number of cores for many files, else 1].")
@click.option("--no-cache", is_flag=True, help=f"Neither read nor write {CACHE_DIR}/.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def check(paths: tuple[str, ...], phrasebooks: tuple[str, ...], no_default: bool, fmt: str, fail_on: str,
          context_file: str | None, input_format: str | None, stdin_filename: str, color: str, jobs: int | None,
          no_cache: bool, quiet: bool) -> None:
    """Lint files, folders, or - for standard input."""
    from lexlint import report, run
    from lexlint.findings import SEVERITY_RANK
    from lexlint.sources import ReadOptions, decode, read_bytes

    formats = report.formats()
    if fmt not in formats:
        raise click.BadParameter(f"choose from {', '.join(sorted(formats))}", param_hint="--format")
    if not paths:
        raise click.UsageError("name at least one file or folder, or - for standard input")
    book = _load_book(phrasebooks, no_default)
    try:
        context = decode(context_file, read_bytes(context_file)) if context_file else ""
    except LexlintError as exc:
        _fail(exc)
    options = ReadOptions(input_format=input_format, context=context)
    stdin = sys.stdin.buffer.read() if run.STDIN in paths else None
    from lexlint.cache import Cache
    from lexlint.progress import progress_bar

    cache = None if no_cache else Cache.for_run(book, options)
    try:
        with progress_bar(enabled=not quiet) as progress:
            result = run.check(list(paths), book, options, stdin=stdin, stdin_name=stdin_filename, jobs=jobs,
                               cache=cache, progress=progress)
    except LexlintError as exc:  # the phrasebook compiled against the pipeline, or the pipeline itself
        _fail(exc)
    for err in result.errors:
        click.echo(f"lexlint: error: {err}", err=True)
    use_color = color == "always" or color == "auto" and sys.stdout.isatty()
    click.echo(formats[fmt].render(result.findings, report.Run(result.files, result.sources, use_color)), nl=False,
               color=use_color)
    if result.errors:
        sys.exit(2)
    threshold = SEVERITY_RANK.get(fail_on, 99)
    sys.exit(1 if any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings) else 0)


@main.command()
@phrasebook_option
@no_default_option
def rules(phrasebooks: tuple[str, ...], no_default: bool) -> None:
    """List the active entries: id, severity, first avoid -> first try."""
    book = _load_book(phrasebooks, no_default)
    width = max((len(e.id) for e in book.entries), default=0)
    for e in book.entries:
        first = e.avoid[0].phrase.source
        arrow = f" -> {e.rewrite}" if e.rewrite else ""
        click.echo(f"{e.id:<{width}}  {e.severity:<7}  {first}{arrow}")


@main.command()
@click.argument("rule_id")
@phrasebook_option
@no_default_option
def explain(rule_id: str, phrasebooks: tuple[str, ...], no_default: bool) -> None:
    """What an entry flags, why, a bad example and what to write instead."""
    book = _load_book(phrasebooks, no_default)
    entry = book.entry(rule_id)
    if entry is None:
        _fail(LexlintError(f"no rule {rule_id!r}; `lexlint rules` lists them"))
    click.echo(f"{entry.id} ({entry.severity}, fix: {entry.fix})")
    click.echo("")
    click.echo("Flags: " + "; ".join(p.phrase.source for p in entry.avoid))
    if entry.unless:
        click.echo("Except: " + "; ".join(p.phrase.source for p in entry.unless))
    click.echo(f"Why: {entry.why}")
    if entry.bad:
        click.echo(f"Bad: {entry.bad[0]}")
    if entry.try_:
        click.echo("Instead: " + " / ".join(entry.try_))
    if entry.good:
        click.echo(f"Good: {entry.good[0]}")
    if entry.tags:
        click.echo("Tags: " + ", ".join(entry.tags))


@main.command()
def clean() -> None:
    """Remove the findings cache (.lexlint_cache/ in the current folder)."""
    from lexlint.cache import clean as remove

    click.echo(f"removed {CACHE_DIR}/" if remove(CACHE_DIR) else f"no {CACHE_DIR}/ here")
