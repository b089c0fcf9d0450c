"""`lexlint rules` and `lexlint explain`: the active rules, and what one of them flags and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lexlint.cli.common import fail, load_book, no_default_option, phrasebook_option, profile_option
from lexlint.errors import LexlintError

if TYPE_CHECKING:
    from lexlint.rulebook.phrasebook import Phrasebook


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
    book = load_book(phrasebooks, no_default, profiles)
    try:
        click.echo(explain_text(rule_id, book))
    except LexlintError as exc:
        fail(exc)


def explain_text(rule_id: str, book: Phrasebook) -> str:
    """What `lexlint explain RULE_ID` prints for `book`: what the rule flags, why, a bad example and what to
    write instead. Raises LexlintError when `book` has no such rule."""
    from lexlint.rulebook.sequences import explain_lines

    entry = book.entry(rule_id)
    sequence = book.sequence(rule_id)
    if sequence is not None:
        return "\n".join(explain_lines(sequence, book.moves))
    if entry is None:
        raise LexlintError(f"no rule {rule_id!r}; `lexlint rules` lists them")
    lines = [f"{entry.id} ({entry.severity}, fix: {entry.fix})", ""]
    lines.append("Flags: " + "; ".join(p.phrase.source for p in entry.avoid))
    if entry.unless:
        lines.append("Except: " + "; ".join(p.phrase.source for p in entry.unless))
    lines.append(f"Why: {entry.why}")
    if entry.bad:
        lines.append(f"Bad: {entry.bad[0]}")
    if entry.instead:
        lines.append("Instead: " + " / ".join(entry.instead))
    if entry.good:
        lines.append(f"Good: {entry.good[0]}")
    if entry.tags:
        lines.append("Tags: " + ", ".join(entry.tags))
    return "\n".join(lines)
