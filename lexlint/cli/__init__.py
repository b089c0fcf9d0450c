"""The command line: `lexlint check`, `rules`, `explain`. Heavy imports wait until a command needs them."""
from __future__ import annotations

import errno
import os
import sys
from typing import Any, NoReturn

import click

from lexlint import __version__
from lexlint.run.cache import CACHE_DIR
from lexlint.errors import EXIT_BUG, EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED, InternalError, LexlintError, describe
from lexlint.gate import options as gate_options

FAIL_ON = ("error", "warning", "info", "never")
phrasebook_option = click.option(
    "--phrasebook", "-p", "phrasebooks", multiple=True, type=click.Path(dir_okay=False),
    help="A phrasebook YAML, layered over the bundled default (repeatable).",
)
no_default_option = click.option("--no-default", is_flag=True, help="Do not load the bundled default phrasebook.")
profile_option = click.option(
    "--profile", "profiles", multiple=True, metavar="NAME",
    help="A bundled ordering profile to add, e.g. cicare or recovery (repeatable).",
)


def _fail(exc: LexlintError) -> NoReturn:
    from lexlint.report import visible  # a file or phrasebook name may hold control characters

    click.echo(visible(f"lexlint: error: {exc}"), err=True)
    sys.exit(EXIT_BUG if isinstance(exc, InternalError) else EXIT_ERROR)


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
            _fail(exc)
        except Exception as exc:  # noqa: BLE001 - the outer boundary
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise  # the reader of the report left: click exits quietly
            _report_bug(exc)
            ctx.exit(EXIT_BUG)


def _report_bug(exc: BaseException) -> None:
    click.echo(f"lexlint: internal error: {describe(exc)}", err=True)
    click.echo("lexlint: this is a bug in lexlint; please report it with the command and files that triggered it",
               err=True)


def _load_book(phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from lexlint.rulebook.phrasebook import load_phrasebooks

    try:
        return load_phrasebooks(list(phrasebooks), default=not no_default, profiles=profiles)
    except LexlintError as exc:
        _fail(exc)


def entry() -> NoReturn:
    """The `lexlint` command (and `python -m lexlint`): `main`, then exit at once with its exit code. Once
    the output is flushed a command has nothing left to do, and the interpreter's teardown (spaCy's
    vocabulary, the compiled phrasebook and a run's findings freed one by one) would only make it wait.
    Worker pools are shut down before `main` returns. Tests call
    `main`, which exits as usual."""
    try:
        main()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    except KeyboardInterrupt:  # before a command started (importing) or after it ended
        status = EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - outside any command (click itself, a broken install)
        _report_bug(exc)
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


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lexlint")
def main() -> None:
    """Lint customer-service messages against a company phrasebook."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))  # an unreadable file is that file's error
@phrasebook_option
@no_default_option
@profile_option
@click.option("--format", "fmt", help="Output format: text (default), json, sarif, github or junit.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Exit 1 when a finding is at or above this severity (default: warning).")
@click.option("--context", "context_file", type=click.Path(dir_okay=False),
              help="A file with the customer's message being answered.")
@click.option("--input-format", help="Read every file as this format instead of guessing from its name.")
@click.option("--field", "fields", multiple=True,
              help="JSON/YAML/JSONL: where the text is, e.g. macros[*].body (repeatable).")
@click.option("--column", help="CSV: the column holding the text.")
@click.option("--context-field", help="CSV/JSONL/JSON: the column or field holding the customer's message.")
@click.option("--stdin-filename", default="<stdin>", help="Name (and so format) of what comes on stdin.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: one per core for many files or much text, else 1].")
@click.option("--no-cache", is_flag=True, help=f"Neither read nor write {CACHE_DIR}/.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@gate_options
def check(paths: tuple[str, ...], phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...],
          fmt: str | None, fail_on: str | None,
          context_file: str | None, input_format: str | None, fields: tuple[str, ...], column: str | None,
          context_field: str | None, stdin_filename: str, color: str, jobs: int | None, no_cache: bool, quiet: bool,
          **flags: Any) -> None:
    """Lint files, folders, or - for standard input."""
    from lexlint import gate, report
    from lexlint.run import files as run
    from lexlint.run.cache import Cache
    from lexlint.run.progress import progress_bar
    from lexlint.findings import SEVERITY_RANK, Finding
    from lexlint.sources import ReadOptions, discover, read_file

    if not paths:
        raise click.UsageError("name at least one file or folder, or - for standard input")
    if (flags["apply_fixes"] or flags["show_diff"]) and run.STDIN in paths:
        raise click.UsageError("--fix and --diff rewrite files; they do not read standard input")
    try:
        cfg = gate.configure(list(paths), flags, phrasebooks=tuple(phrasebooks) or None, no_default=no_default or None,
                             fail_on=fail_on, format=fmt)
    except LexlintError as exc:
        _fail(exc)
    formats = report.formats()
    if cfg.format not in formats:
        raise click.BadParameter(f"choose from {', '.join(sorted(formats))}", param_hint="--format")
    files = cfg.files(list(paths), discover)
    groups = gate.by_profiles(files, cfg, profiles or cfg.profiles)
    books = {key: _load_book(cfg.phrasebooks, cfg.no_default, key) for key in groups}
    for warning in cfg.unknown_ids(set().union(*(gate.known_ids(b) for b in books.values()))):
        click.echo(f"lexlint: warning: {warning}", err=True)
    try:
        context = read_file(context_file, regular_only=False) if context_file else ""  # `--context <(…)` is a pipe
    except LexlintError as exc:
        _fail(exc)
    options = ReadOptions(input_format=input_format, fields=fields, column=column, context_field=context_field,
                          context=context, channels=cfg.channels)
    fixing = flags["apply_fixes"] or flags["show_diff"]
    if fixing:
        from lexlint.engine import Linter
    try:  # fixes need each compiled phrasebook here; a plain check imports and builds it only if a file is not cached
        linters = {key: Linter(books[key]) for key in groups} if fixing else {}
    except LexlintError as exc:
        _fail(exc)
    fix_errors = fix_bugs = 0  # files whose fixes could not be written (changed meanwhile …): exit 2 like a bad input
    if linters:
        outcomes = [o for key, group in groups.items() for o in gate.apply_fixes(
            group, linters[key], cfg, books[key], options, flags["unsafe_fixes"], write=not flags["show_diff"])]
        if flags["show_diff"]:
            click.echo("".join(o.diff() for o in outcomes), nl=False)
            gate.report_fixes(outcomes, "would apply")
            sys.exit(1 if any(o.changed for o in outcomes) else 0)
        fix_errors = gate.report_fixes(outcomes, "applied")
        fix_bugs = gate.fix_bugs(outcomes)
    stdin = sys.stdin.buffer.read() if run.STDIN in paths else None
    result = run.Result()
    findings: list[Finding] = []
    for key, group in groups.items():
        cache = None if no_cache else Cache.for_run(books[key], options)
        try:
            with progress_bar(enabled=not quiet) as progress:
                part = run.check(group, books[key], options, stdin=stdin, stdin_name=stdin_filename, jobs=jobs,
                                 cache=cache, progress=progress, linter=linters.get(key))
        except LexlintError as exc:  # the phrasebook compiled against the pipeline, or the pipeline itself
            _fail(exc)
        result.merge(part)
        findings += gate.adjust(part.findings, cfg, books[key])
    findings = gate.in_file_order(findings, files)
    for note in result.notes:
        click.echo(report.visible(f"lexlint: note: {note}"), err=True)
    for err in result.errors:
        click.echo(report.visible(f"lexlint: error: {err}"), err=True)
    bugs = sum(isinstance(err, InternalError) for err in result.errors)
    try:
        findings = gate.with_baseline(findings, result.sources, flags)
    except LexlintError as exc:
        _fail(exc)
    use_color = color == "always" or color == "auto" and sys.stdout.isatty()
    docs = {rule: doc for b in books.values() for rule, doc in gate.rule_docs(b).items()}
    context_run = report.Run(result.files, result.sources, use_color, docs, tuple(files), len(result.errors),
                             tuple(result.errors))
    out = gate.statistics(findings) if flags["statistics"] else formats[cfg.format].render(findings, context_run)
    try:
        click.echo(out, nl=False, color=use_color)
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # the reader left (`| head`): click exits quietly
            raise
        _fail(LexlintError(f"cannot write the report: {exc.strerror or exc}"))
    if result.errors or fix_errors:
        sys.exit(EXIT_BUG if bugs or fix_bugs else EXIT_ERROR)
    threshold = SEVERITY_RANK.get(cfg.fail_on, 99)
    sys.exit(EXIT_FINDINGS if any(SEVERITY_RANK[f.severity] >= threshold for f in findings) else 0)


@main.command()
@phrasebook_option
@no_default_option
@profile_option
def rules(phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...]) -> None:
    """List the active entries (id, severity, first avoid -> first try), then the sequences."""
    from lexlint.rulebook.sequences import describe

    book = _load_book(phrasebooks, no_default, profiles)
    width = max((len(r.id) for r in book.entries + book.sequences), default=0)
    for e in book.entries:
        first = e.avoid[0].phrase.source
        arrow = f" -> {e.rewrite}" if e.rewrite else ""
        click.echo(f"{e.id:<{width}}  {e.severity:<7}  {first}{arrow}")
    for seq in book.sequences:
        click.echo(f"{seq.id:<{width}}  {seq.severity:<7}  {describe(seq)}")


@main.command()
@click.argument("rule_id")
@phrasebook_option
@no_default_option
@profile_option
def explain(rule_id: str, phrasebooks: tuple[str, ...], no_default: bool, profiles: tuple[str, ...]) -> None:
    """What an entry or sequence flags, why, a bad example and what to write instead."""
    from lexlint.rulebook.sequences import explain_lines

    book = _load_book(phrasebooks, no_default, profiles)
    entry = book.entry(rule_id)
    sequence = book.sequence(rule_id)
    if sequence is not None:
        click.echo("\n".join(explain_lines(sequence, book.moves)))
        return
    if entry is None:
        _fail(LexlintError(f"no rule {rule_id!r}; `lexlint rules` lists them"))
    click.echo(f"{entry.id} ({entry.severity}, fix: {entry.fix})")
    click.echo("")
    click.echo("Flags: " + "; ".join(p.phrase.source for p in entry.avoid))
    if entry.unless:
        click.echo("Except: " + "; ".join(p.phrase.source for p in entry.unless))
    click.echo(f"Why: {entry.why}")
    if entry.bad:
        click.echo(f"Bad: {entry.bad[0]}")
    if entry.instead:
        click.echo("Instead: " + " / ".join(entry.instead))
    if entry.good:
        click.echo(f"Good: {entry.good[0]}")
    if entry.tags:
        click.echo("Tags: " + ", ".join(entry.tags))


@main.command("config")
@click.argument("path", required=False, default=".", type=click.Path())
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True), help="This config file, not the nearest.")
def show_config(path: str, config_file: str | None) -> None:
    """Print the configuration that applies to PATH (default: the working folder)."""
    import yaml

    from lexlint.settings import config

    try:
        cfg = config.resolve([path], config_file)
    except LexlintError as exc:
        _fail(exc)
    click.echo(f"# {cfg.path or 'no config file found; defaults'}")
    click.echo(yaml.safe_dump(cfg.to_dict(), sort_keys=False, allow_unicode=True), nl=False)


@main.command("test")
@click.argument("books", nargs=-1, type=click.Path(dir_okay=False))
@no_default_option
@profile_option
def test_books(books: tuple[str, ...], no_default: bool, profiles: tuple[str, ...]) -> None:
    """Run every rule's examples: bad ones must fire, good ones must not, rewrites must be clean."""
    from lexlint.rulebook import selftest

    book = _load_book(books, no_default, profiles)
    try:
        outcome = selftest.run(book, tuple(os.path.abspath(b) for b in books))
    except LexlintError as exc:
        _fail(exc)
    for failure in outcome.failures:
        click.echo(f"FAIL {failure}")
    verdict = f"{len(outcome.failures)} failed" if outcome.failures else "all passed"
    click.echo(f"{outcome.entries} rules, {outcome.examples} examples checked: {verdict}.")
    sys.exit(1 if outcome.failures else 0)


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--name", default="company", show_default=True, help="Name of the company phrasebook.")
def init(folder: str, name: str) -> None:
    """Write a starter lexlint.yaml and company phrasebook (never overwriting) and print the pre-commit snippet."""
    from lexlint.cli import starter

    for path, written in starter.write(folder, name):
        click.echo(starter.message(path, written), err=True)
    click.echo(starter.precommit_snippet(), nl=False)


@main.command()
def clean() -> None:
    """Remove the findings cache (.lexlint_cache/ in the current folder)."""
    from lexlint.run.cache import clean as remove

    click.echo(f"removed {CACHE_DIR}/" if remove(CACHE_DIR) else f"no {CACHE_DIR}/ here")
