"""`lexlint config`: the configuration that applies to a path."""

from __future__ import annotations

import click

from lexlint.cli.common import fail
from lexlint.errors import LexlintError


@click.command("config")
@click.argument("path", required=False, default=".", type=click.Path())
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, exists=True), help="This config file, not the nearest."
)
def show_config(path: str, config_file: str | None) -> None:
    """Print the configuration that applies to PATH (default: the working folder)."""
    import yaml

    from lexlint.settings import config

    try:
        cfg = config.resolve([path], config_file)
    except LexlintError as exc:
        fail(exc)
    click.echo(f"# {cfg.path or 'no config file found; defaults'}")
    click.echo(yaml.safe_dump(cfg.to_dict(), sort_keys=False, allow_unicode=True), nl=False)
