"""`lexlint config`: the configuration that applies to a path, or the reference of every key."""

from __future__ import annotations

import click

from lexlint.cli.common import fail
from lexlint.errors import LexlintError


@click.command("config")
@click.argument("path", required=False, default=".", type=click.Path())
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, exists=True), help="This config file, not the nearest."
)
@click.option(
    "--reference",
    is_flag=True,
    help="Print every configuration key as markdown (`--reference > docs/config-reference.md`).",
)
def show_config(path: str, config_file: str | None, reference: bool) -> None:
    """Print the configuration that applies to PATH (default: the working folder)."""
    from lexlint.settings import config

    if reference:
        from lexlint.settings.keys import reference as keys_reference

        click.echo(keys_reference(config.Config().to_dict()), nl=False)
        return
    import yaml

    try:
        cfg = config.resolve([path], config_file)
    except LexlintError as exc:
        fail(exc)
    click.echo(f"# {cfg.path or 'no config file found; defaults'}")
    click.echo(yaml.safe_dump(cfg.to_dict(), sort_keys=False, allow_unicode=True), nl=False)
