"""`lexlint lsp`: the language server over standard input and output, for an editor's LSP client. pygls and
lsprotocol come with the `lsp` extra, imported only by this command."""

from __future__ import annotations

import sys

import click

from lexlint.cli.common import config_option, no_default_option, phrasebook_option, profile_option
from lexlint.errors import EXIT_ERROR

EXTRA = "pip install 'lexlint[lsp]'"


@click.command()
@phrasebook_option
@no_default_option
@profile_option
@config_option
@click.option("--stdio", is_flag=True, help="Talk LSP over standard input and output (the default and only way).")
def lsp(
    phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...], config_file: str | None, stdio: bool
) -> None:
    """Run the language server: diagnostics, rewrites as code actions, and each rule explained on hover, with
    the configuration `lexlint check` finds for each file (reloaded when it or a phrasebook changes)."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        click.echo(f"lexlint: error: lexlint lsp needs its extra: {EXTRA}", err=True)
        sys.exit(EXIT_ERROR)

    from lexlint.lsp.server import serve
    from lexlint.lsp.setups import Flags

    serve(Flags(config_file, phrasebooks, no_default, profiles))
