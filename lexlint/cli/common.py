"""What the commands share: the phrasebook and config options, loading the configured phrasebook, and a user
error's one line."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

from lexlint.errors import EXIT_BUG, EXIT_ERROR, InternalError, LexlintError, describe

if TYPE_CHECKING:
    from lexlint.rulebook.phrasebook import Phrasebook
    from lexlint.settings.config import Config

phrasebook_option = click.option(
    "--phrasebook",
    "-p",
    "phrasebooks",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="A phrasebook YAML, layered over the bundled default (repeatable).",
)
no_default_option = click.option("--no-default", is_flag=True, help="Do not load the bundled default phrasebook.")
config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True),
    help="Use this config file instead of the nearest lexlint.yaml / .lexlint.yaml / pyproject.toml.",
)
profile_option = click.option(
    "--profile",
    "profiles",
    multiple=True,
    metavar="NAME",
    help="A bundled ordering profile to add, e.g. cicare or recovery (repeatable).",
)


def fail(exc: LexlintError) -> NoReturn:
    """A user's mistake (or a bug lexlint caught as one) as one line on stderr, then its exit code."""
    from lexlint.report import visible  # a file or phrasebook name may hold control characters

    click.echo(visible(f"lexlint: error: {exc}"), err=True)
    sys.exit(EXIT_BUG if isinstance(exc, InternalError) else EXIT_ERROR)


def report_bug(exc: BaseException) -> None:
    click.echo(f"lexlint: internal error: {describe(exc)}", err=True)
    click.echo(
        "lexlint: this is a bug in lexlint; please report it with the command and files that triggered it", err=True
    )


def load_book(
    phrasebooks: tuple[str, ...],
    no_default: bool,
    profiles: tuple[str, ...] = (),
    config_file: str | None = None,
    paths: tuple[str, ...] = (),
) -> Phrasebook:
    return load_configured(phrasebooks, no_default, profiles, config_file, paths)[1]


def load_configured(
    phrasebooks: tuple[str, ...],
    no_default: bool,
    profiles: tuple[str, ...] = (),
    config_file: str | None = None,
    paths: tuple[str, ...] = (),
) -> tuple[Config, Phrasebook]:
    """The configuration `check` would use (the nearest to `paths`, else to the working folder, or
    `config_file`; the flags on top) and every rule it may report, as one phrasebook: what `rules`,
    `explain` and `test` read, so that they agree with `check`."""
    from lexlint.settings import plan

    try:
        cfg = plan.configure(list(paths), config_file, phrasebooks=phrasebooks or None, no_default=no_default or None)
        book = plan.rulebook(cfg, profiles)
    except LexlintError as exc:
        fail(exc)
    for note in book.notes:
        click.echo(f"lexlint: note: {note}", err=True)
    return cfg, book
