"""The command line: `lexlint check`, `rules`, `explain`. Heavy imports wait until a command needs them."""
from __future__ import annotations

import sys
from typing import NoReturn

import click

from lexlint import __version__
from lexlint.errors import LexlintError

FAIL_ON = ("error", "warning", "info", "never")
phrasebook_option = click.option(
    "--phrasebook", "-p", "phrasebooks", multiple=True, type=click.Path(dir_okay=False),
    help="A phrasebook YAML, layered over the bundled default (repeatable).",
)
no_default_option = click.option("--no-default", is_flag=True, help="Do not load the bundled default phrasebook.")
profile_option = click.option(
    "--profile", "profiles", multiple=True, metavar="NAME",
    help="A bundled ordering profile to add, e.g. cicare or recovery (repeatable).",
)


def _fail(exc: LexlintError) -> NoReturn:
    click.echo(f"lexlint: error: {exc}", err=True)
    sys.exit(2)


def _load_book(phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from lexlint.phrasebook import load_phrasebooks

    try:
        return load_phrasebooks(list(phrasebooks), default=not no_default, profiles=profiles)
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
@profile_option
@click.option("--format", "fmt", default="text", show_default=True, help="Output format: text or json.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="warning", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--context", "context_file", type=click.Path(dir_okay=False),
              help="A file with the customer's message being answered.")
@click.option("--input-format", help="Read every file as this format instead of guessing from its name.")
@click.option("--stdin-filename", default="<stdin>", help="Name (and so format) of what comes on stdin.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def check(paths: tuple[str, ...], phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...],
          fmt: str, fail_on: str,
          context_file: str | None, input_format: str | None, stdin_filename: str, color: str) -> None:
    """Lint files, folders, or - for standard input."""
    from lexlint import report, run
    from lexlint.findings import SEVERITY_RANK
    from lexlint.sources import ReadOptions, decode, read_bytes

    formats = report.formats()
    if fmt not in formats:
        raise click.BadParameter(f"choose from {', '.join(sorted(formats))}", param_hint="--format")
    if not paths:
        raise click.UsageError("name at least one file or folder, or - for standard input")
    book = _load_book(phrasebooks, no_default, profiles)
    try:
        context = decode(context_file, read_bytes(context_file)) if context_file else ""
    except LexlintError as exc:
        _fail(exc)
    options = ReadOptions(input_format=input_format, context=context)
    stdin = sys.stdin.buffer.read() if run.STDIN in paths else None
    try:
        result = run.check(list(paths), book, options, stdin=stdin, stdin_name=stdin_filename)
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
@profile_option
def rules(phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...]) -> None:
    """List the active entries (id, severity, first avoid -> first try), then the sequences."""
    from lexlint.sequencebook import describe

    book = _load_book(phrasebooks, no_default, profiles)
    width = max((len(r.id) for r in book.entries + book.sequences), default=0)
    for e in book.entries:
        first = e.avoid[0].phrase.source
        arrow = f" -> {e.rewrite}" if e.rewrite else ""
        click.echo(f"{e.id:<{width}}  {e.severity:<7}  {first}{arrow}")
    for seq in book.sequences:
        click.echo(f"{seq.id:<{width}}  {seq.severity:<7}  {describe(seq)}")


@main.command()
@click.argument("rule_id")
@phrasebook_option
@no_default_option
@profile_option
def explain(rule_id: str, phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...]) -> None:
    """What an entry or sequence flags, why, a bad example and what to write instead."""
    from lexlint.sequencebook import explain_lines

    book = _load_book(phrasebooks, no_default, profiles)
    entry = book.entry(rule_id)
    sequence = book.sequence(rule_id)
    if sequence is not None:
        click.echo("\n".join(explain_lines(sequence, book.moves)))
        return
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
