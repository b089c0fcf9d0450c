"""The command line: the `lexlint` group with its outer error boundary, and one module per command
(registered in `COMMANDS`). Heavy imports wait until a command needs them."""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, NoReturn

import click

from lexlint import __version__
from lexlint.cli import audit, check, clean, config, init, lsp, rules, serve, test
from lexlint.cli.common import fail, report_bug
from lexlint.errors import EXIT_BUG, EXIT_INTERRUPTED, LexlintError


class _Commands(click.Group):
    """The command group, with the run's outer error boundary: Ctrl-C exits 130 (click would say "Aborted!"
    and exit 1, the code for findings) and an exception no command expected is a bug in lexlint: a short
    report and EXIT_BUG, never a traceback that exits 1. A file's own failures are caught nearer, per file."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("lexlint: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except LexlintError as exc:  # a user's mistake no command caught nearer
            fail(exc)
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise  # the reader of the report left: click exits quietly
            report_bug(exc)
            ctx.exit(EXIT_BUG)


def entry() -> NoReturn:
    """The `lexlint` command (and `python -m lexlint`): `main`, then exit at once with its exit code. Once
    the output is flushed a command has nothing left to do, and the interpreter's teardown (spaCy's
    vocabulary, the compiled phrasebook and a run's findings freed one by one) would only make it wait.
    Worker pools are shut down before `main` returns. Tests call `main`, which exits as usual."""
    try:
        main()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    except KeyboardInterrupt:  # before a command started (importing) or after it ended
        status = EXIT_INTERRUPTED
    except Exception as exc:
        report_bug(exc)
        status = EXIT_BUG
    if isinstance(status, int):
        code = status
    elif status is None:
        code = 0
    else:  # as Python reports sys.exit("message")
        print(status, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a full disk, a closed pipe: as Python exits when it cannot flush
            code = code or 120
    os._exit(code)


def version_line() -> str:
    """`lexlint --version`: lexlint's version, the bundled phrasebook's name and version, and spaCy's: the three
    that decide what a run reports (a bug report quotes this line). spaCy's is read from its metadata, never
    imported: the answer is instant."""
    from importlib import metadata

    from lexlint.rulebook.phrasebook import identity
    from lexlint.rulebook.resources import bundled_path

    default = bundled_path("default")
    name, version = identity(str(default)) if default else (None, None)
    try:
        spacy = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy = "not installed"
    return f"lexlint {__version__} (phrasebook {name or 'default'} {version or 'unversioned'}, spaCy {spacy})"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(version_line())
        ctx.exit()


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show lexlint's version, the bundled phrasebook's and spaCy's, and exit.",
)
def main() -> None:
    """Lint customer-service messages against a company phrasebook."""


COMMANDS = (
    check.check,
    rules.rules,
    rules.explain,
    config.show_config,
    test.test_books,
    init.init,
    clean.clean,
    serve.serve,
    lsp.lsp,
    audit.audit,
)
for command in COMMANDS:
    main.add_command(command)
