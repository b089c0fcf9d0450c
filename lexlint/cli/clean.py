"""`lexlint clean`: remove the findings cache."""

from __future__ import annotations

import click


@click.command()
def clean() -> None:
    """Remove the findings cache (.lexlint_cache/ in the current folder)."""
    from lexlint.run.cache import CACHE_DIR
    from lexlint.run.cache import clean as remove

    click.echo(f"removed {CACHE_DIR}/" if remove(CACHE_DIR) else f"no {CACHE_DIR}/ here")
