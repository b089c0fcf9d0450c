"""`lexlint rules` and `lexlint explain`: the active rules, and what one of them flags and why."""

from __future__ import annotations

import click

from lexlint.cli.common import fail, load_book, no_default_option, phrasebook_option, profile_option
from lexlint.errors import LexlintError


@click.command()
@phrasebook_option
@no_default_option
@profile_option
def rules(phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...]) -> None:
    """List the active entries (id, severity, first avoid -> first try), then the sequences."""
    from lexlint.rulebook.sequences import describe

    book = load_book(phrasebooks, no_default, profiles)
    width = max((len(r.id) for r in book.entries + book.sequences), default=0)
    for e in book.entries:
        first = e.avoid[0].phrase.source
        arrow = f" -> {e.rewrite}" if e.rewrite else ""
        click.echo(f"{e.id:<{width}}  {e.severity:<7}  {first}{arrow}")
    for seq in book.sequences:
        click.echo(f"{seq.id:<{width}}  {seq.severity:<7}  {describe(seq)}")


@click.command()
@click.argument("rule_id")
@phrasebook_option
@no_default_option
@profile_option
def explain(rule_id: str, phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...]) -> None:
    """What an entry or sequence flags, why, a bad example and what to write instead."""
    from lexlint.rulebook.explain import explain as explanation

    lines = explanation(load_book(phrasebooks, no_default, profiles), rule_id)
    if lines is None:
        fail(LexlintError(f"no rule {rule_id!r}; `lexlint rules` lists them"))
    click.echo("\n".join(lines))
