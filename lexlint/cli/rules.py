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
from lexlint.rulebook.explain import FORMATS

if TYPE_CHECKING:
    from lexlint.rulebook.phrasebook import Entry


@click.command()
@phrasebook_option
@no_default_option
@profile_option
@config_option
def rules(phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...], config_file: str | None) -> None:
    """List the rules `check` reports with this configuration (id, severity, every avoid pattern -> the
    rewrite), then the sequences; rules the configuration does not select are left out."""
    from lexlint.rulebook.sequences import describe

    cfg, book = load_configured(phrasebooks, no_default, profiles, config_file)
    tags = book.tags()
    shown = [(r, level) for r in book.rules() if (level := cfg.level(r.id, r.severity, tags[r.id])) is not None]
    width = max((len(r.id) for r, _ in shown), default=0)
    for rule, level in shown:
        entry = book.entry(rule.id)
        if entry is not None:
            arrow = f" -> {entry.rewrite}" if entry.rewrite else ""
            click.echo(f"{rule.id:<{width}}  {level:<7}  {avoided(entry)}{arrow}")
        else:
            sequence = book.sequence(rule.id)
            click.echo(f"{rule.id:<{width}}  {level:<7}  {describe(sequence) if sequence else ''}")


def avoided(entry: Entry) -> str:
    """Every avoid pattern of an entry on one line, `;` between them; a pattern with a rewrite of its own
    says it in brackets."""
    shown = (p.phrase.source.strip() + (f" [-> {p.try_}]" if p.try_ is not None else "") for p in entry.avoid)
    return "; ".join(shown)


@click.command()
@click.argument("rule_id", required=False)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Explain every rule: the phrasebooks', every bundled profile's and lexlint's own.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="markdown: the rules docs (`--all --format markdown > docs/rules.md`).",
)
@phrasebook_option
@no_default_option
@profile_option
@config_option
def explain(
    rule_id: str | None,
    every: bool,
    fmt: str,
    phrasebooks: tuple[str, ...],
    no_default: bool,
    profiles: tuple[str, ...],
    config_file: str | None,
) -> None:
    """What a rule flags, why, bad and good examples, what to write instead and what --fix does: an entry, a
    sequence (of any bundled profile, saying which) or one of lexlint's own rules; with --all, every rule."""
    from lexlint.rulebook.explain import document, explain_text

    if every == (rule_id is not None):
        raise click.UsageError("name a RULE_ID, or give --all")
    cfg, book = load_configured(phrasebooks, no_default, profiles, config_file)
    if every:
        click.echo(document(book, fmt), nl=fmt == "text")
        return
    try:
        click.echo(explain_text(rule_id or "", book, cfg, fmt))
    except LexlintError as exc:
        fail(exc)
