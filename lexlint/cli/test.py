"""`lexlint test`: every rule's examples run against the rules `check` would use (the configuration's
phrasebooks and profiles, or the phrasebooks named)."""

from __future__ import annotations

import os
import sys

import click

from lexlint.cli.common import config_option, fail, load_book, no_default_option, profile_option
from lexlint.errors import LexlintError
from lexlint.report import plural


@click.command("test")
@click.argument("books", nargs=-1, type=click.Path(dir_okay=False))
@no_default_option
@profile_option
@config_option
def test_books(books: tuple[str, ...], no_default: bool, profiles: tuple[str, ...], config_file: str | None) -> None:
    """Run every rule's examples: bad ones must fire, good ones must not, rewrites must be clean. BOOKS (the
    configuration's phrasebooks when none is named) are layered as `check` layers them; only their own
    rules are tested when named."""
    from lexlint import selftest

    book = load_book(books, no_default, profiles, config_file, books)
    try:
        outcome = selftest.run(book, tuple(os.path.abspath(b) for b in books))
    except LexlintError as exc:
        fail(exc)
    for failure in outcome.failures:
        click.echo(f"FAIL {failure}")
    for overlap in outcome.overlaps:  # a warning: the examples pass, but a writer would be told twice
        click.echo(f"WARN {overlap}")
    verdict = f"{len(outcome.failures)} failed" if outcome.failures else "all passed"
    warned = f", {plural(len(outcome.overlaps), 'overlap')} to look at" if outcome.overlaps else ""
    click.echo(f"{outcome.entries} rules, {outcome.examples} examples checked: {verdict}{warned}.")
    sys.exit(1 if outcome.failures else 0)
