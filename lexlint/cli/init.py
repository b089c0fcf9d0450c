"""`lexlint init`: a starter config and company phrasebook."""

from __future__ import annotations

import click


@click.command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--name", default="company", show_default=True, help="Name of the company phrasebook.")
def init(folder: str, name: str) -> None:
    """Write a starter lexlint.yaml and company phrasebook (never overwriting) and print the pre-commit snippet."""
    from lexlint.cli import starter

    for path, written in starter.write(folder, name):
        click.echo(starter.message(path, written), err=True)
    click.echo(starter.precommit_snippet(), nl=False)
