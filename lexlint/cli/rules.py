"""`lexlint rules` and `lexlint explain`: the active rules, and what one of them flags and why. Both read the
configuration `check` reads (its phrasebooks, profiles, overrides' profiles and rule settings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lexlint.cli.common import (
    config_option,
    fail,
    load_configured,
    no_default_option,
    phrasebook_option,
    profile_option,
)
from lexlint.errors import LexlintError

if TYPE_CHECKING:
    pass


@click.command()
@phrasebook_option
@no_default_option
@profile_option
@config_option
def rules(phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...], config_file: str | None) -> None:
    """List the rules `check` reports with this configuration (id, severity, first avoid -> first try), then
    the sequences; rules the configuration does not select are left out."""
    from lexlint.rulebook.sequences import describe

    cfg, book = load_configured(phrasebooks, no_default, profiles, config_file)
    tags = book.tags()
    shown = [(r, level) for r in book.rules() if (level := cfg.level(r.id, r.severity, tags[r.id])) is not None]
    width = max((len(r.id) for r, _ in shown), default=0)
    for rule, level in shown:
        entry = book.entry(rule.id)
        if entry is not None:
            arrow = f" -> {entry.rewrite}" if entry.rewrite else ""
            click.echo(f"{rule.id:<{width}}  {level:<7}  {entry.avoid[0].phrase.source}{arrow}")
        else:
            sequence = book.sequence(rule.id)
            click.echo(f"{rule.id:<{width}}  {level:<7}  {describe(sequence) if sequence else ''}")


@click.command()
@click.argument("rule_id")
@phrasebook_option
@no_default_option
@profile_option
@config_option
def explain(
    rule_id: str, phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...], config_file: str | None
) -> None:
    """What a rule flags, why, a bad example and what to write instead: an entry, a sequence (of any bundled
    profile, saying which) or one of lexlint's own rules."""
    from lexlint.rulebook.explain import explain_text

    cfg, book = load_configured(phrasebooks, no_default, profiles, config_file)
    try:
        click.echo(explain_text(rule_id, book, cfg))
    except LexlintError as exc:
        fail(exc)
