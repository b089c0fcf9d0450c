"""`lexlint check`: configure (the plan), fix when asked, run, report, and the exit code. The CI gate and the
pre-commit hook are its options. The engine and the fixer are imported only for --fix and --diff: a check
whose files are all cached needs neither."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import click

from lexlint.cli import terminal
from lexlint.cli.common import config_option, fail, no_default_option, phrasebook_option, profile_option
from lexlint.cli.terminal import COLOR_CHOICES
from lexlint.errors import EXIT_BUG, EXIT_ERROR, EXIT_FINDINGS, InternalError, LexlintError
from lexlint.findings import FAIL_ON
from lexlint.report import FORMATS
from lexlint.run.cache import CACHE_DIR
from lexlint.sources import input_formats

if TYPE_CHECKING:
    from lexlint.engine import Linter
    from lexlint.findings import Finding
    from lexlint.fix import FileFix
    from lexlint.run.workers import WholeFileLinter
    from lexlint.settings.config import Config
    from lexlint.settings.plan import Plan

_GATE_OPTIONS = [
    config_option,
    click.option("--select", multiple=True, help="Only these rule ids or tags (comma-separated, repeatable)."),
    click.option("--ignore", multiple=True, help="Never these rule ids or tags (comma-separated, repeatable)."),
    click.option(
        "--fix", "apply_fixes", is_flag=True, help="Apply safe rewrites to the files, then report what is left."
    ),
    click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply rewrites marked unsafe."),
    click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing."),
    click.option("--statistics", is_flag=True, help="Print a count per rule instead of each finding."),
    click.option(
        "--baseline",
        "baseline_file",
        type=click.Path(dir_okay=False),
        help="Report only findings this baseline file does not record.",
    ),
    click.option(
        "--write-baseline",
        "write_baseline_file",
        type=click.Path(dir_okay=False),
        help="Record today's findings in this file and exit 0.",
    ),
]


def _gate_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(_GATE_OPTIONS):
        fn = opt(fn)
    return fn


def _ids(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """Repeatable, comma-separated flag values; None when the flag was not given."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip()) or None


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))  # an unreadable file is that file's error
@phrasebook_option
@no_default_option
@profile_option
@click.option("--format", "fmt", help=f"Output format: text (default), {', '.join(n for n in FORMATS if n != 'text')}.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    help="Exit 1 when a finding is at or above this severity (default: warning).",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    help="Exit 1 when any message scores below this (0-100; each message on its own, not a file's mean).",
)
@click.option(
    "--context",
    "context_file",
    type=click.Path(dir_okay=False),
    help="A file with the customer's message being answered.",
)
@click.option(
    "--input-format",
    metavar="FORMAT",
    help=f"Read every file as this format instead of guessing from its name: {', '.join(input_formats())}.",
)
@click.option(
    "--field", "fields", multiple=True, help="JSON/YAML/JSONL: where the text is, e.g. macros[*].body (repeatable)."
)
@click.option("--column", help="CSV: the column holding the text.")
@click.option("--context-field", help="CSV/JSONL/JSON: the column or field holding the customer's message.")
@click.option("--stdin-filename", default="<stdin>", help="Name (and so format) of what comes on stdin.")
@click.option(
    "--color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="auto: colour on a terminal, none when NO_COLOR is set, colour into a pipe too when FORCE_COLOR is.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: one per core for many files or much text, else 1].",
)
@click.option("--no-cache", is_flag=True, help=f"Neither read nor write {CACHE_DIR}/.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--server",
    envvar="LEXLINT_SERVER",
    metavar="URL",
    help="Lint on this running `lexlint serve` (env LEXLINT_SERVER); files are still read and reported here.",
)
@_gate_options
def check(
    paths: tuple[str, ...],
    phrasebooks: tuple[str, ...],
    no_default: bool,
    profiles: tuple[str, ...],
    fmt: str | None,
    fail_on: str | None,
    min_score: float | None,
    context_file: str | None,
    input_format: str | None,
    fields: tuple[str, ...],
    column: str | None,
    context_field: str | None,
    stdin_filename: str,
    color: str,
    jobs: int | None,
    no_cache: bool,
    quiet: bool,
    server: str | None,
    **flags: Any,
) -> None:
    """Lint files, folders, or - for standard input."""
    from lexlint import report
    from lexlint.run import files
    from lexlint.run.progress import progress_bar
    from lexlint.settings import plan as planning

    if not paths:
        raise click.UsageError("name at least one file or folder, or - for standard input")
    fixing = flags["apply_fixes"] or flags["show_diff"]
    if fixing and files.STDIN in paths:
        raise click.UsageError("--fix and --diff rewrite files; they do not read standard input")
    try:
        cfg = planning.configure(
            list(paths),
            flags["config_file"],
            select=_ids(flags["select"]),
            ignore=_ids(flags["ignore"]),
            phrasebooks=tuple(phrasebooks) or None,
            no_default=no_default or None,
            fail_on=fail_on,
            min_score=min_score,
            format=fmt,
            baseline=flags["write_baseline_file"] or flags["baseline_file"],  # never linted, as the config is not
        )
    except LexlintError as exc:
        fail(exc)
    recorded = None if flags["write_baseline_file"] else cfg.baseline  # the baseline this run reads
    if input_format is not None and input_format not in input_formats():
        raise click.BadParameter(
            f"unknown input format {input_format!r}; choose from {', '.join(input_formats())}",
            param_hint="--input-format",
        )
    formats = report.formats()
    if cfg.format not in formats:
        raise click.BadParameter(f"choose from {', '.join(sorted(formats))}", param_hint="--format")
    try:
        plan = planning.resolve(
            cfg,
            list(paths),
            profiles=profiles,
            input_format=input_format,
            fields=fields,
            column=column,
            context_field=context_field,
        )
    except LexlintError as exc:
        fail(exc)
    for warning in plan.warnings:
        click.echo(report.visible(f"lexlint: warning: {warning}"), err=True)
    for book_note in plan.notes:
        click.echo(report.visible(f"lexlint: note: {book_note}"), err=True)
    try:
        plan = planning.with_context(plan, context_file)
    except LexlintError as exc:
        fail(exc)

    linters: Mapping[tuple[str, ...], Linter | WholeFileLinter] = {}
    fix_errors = fix_bugs = 0  # files whose fixes could not be written (changed meanwhile …): exit 2 like a bad input
    outcomes: list[FileFix] = []
    if fixing:
        linters = compiled = _linters(plan)
        outcomes = _fix(plan, compiled, unsafe=flags["unsafe_fixes"], write=not flags["show_diff"], recorded=recorded)
        fix_errors = _report_fix_notes(outcomes)
        fix_bugs = sum(isinstance(o.error, InternalError) for o in outcomes)
        if flags["show_diff"]:
            click.echo("".join(o.diff() for o in outcomes), nl=False)
            _fix_summary(outcomes, "would apply")
            if fix_errors:  # a file whose fixes could not be worked out: its error's code, not "would change"
                sys.exit(EXIT_BUG if fix_bugs else EXIT_ERROR)
            sys.exit(1 if any(o.changed for o in outcomes) else 0)

    remote = None
    server = server or cfg.server
    if server and not fixing:  # a server's warm pipeline; LEXLINT_TOKEN if it wants one
        from lexlint.serve.client import connect

        remote = connect(server, plan, os.environ.get("LEXLINT_TOKEN"))
        linters = remote.linters
        for told in remote.notes:
            click.echo(report.visible(f"lexlint: note: {told}"), err=True)
    stdin = sys.stdin.buffer.read() if files.STDIN in paths else None
    try:
        result = files.lint_plan(
            plan,
            stdin=stdin,
            stdin_name=stdin_filename,
            jobs=1 if remote and remote.linters else jobs,  # the server's pipeline does the work
            use_cache=not no_cache,
            progress=lambda: progress_bar(enabled=not quiet),
            linters=linters,
        )
    except LexlintError as exc:  # the phrasebook compiled against the pipeline, or the pipeline itself
        fail(exc)
    for note in result.notes:
        click.echo(report.visible(f"lexlint: note: {note}"), err=True)
    for later in remote.later_notes() if remote else []:
        click.echo(report.visible(f"lexlint: note: {later}"), err=True)
    for err in result.errors:
        click.echo(report.visible(f"lexlint: error: {err}"), err=True)
    bugs = sum(isinstance(err, InternalError) for err in result.errors)
    try:
        findings = _with_baseline(result.findings, result.sources, flags["write_baseline_file"], recorded)
    except LexlintError as exc:
        fail(exc)
    if flags["apply_fixes"]:
        unsafe_left = 0 if flags["unsafe_fixes"] else sum(f.fix == "unsafe" for f in findings)
        _fix_summary(outcomes, "applied", unsafe_left)
    if flags["write_baseline_file"]:  # the findings are recorded, not reported
        sys.exit(_exit_code([], cfg, errors=len(result.errors) + fix_errors, bugs=bugs + fix_bugs))

    use_color = terminal.use_color(color, sys.stdout)
    context = report.Run(
        result.files,
        result.sources,
        use_color,
        report.rule_docs(plan.books),
        plan.files,
        len(result.errors),
        (*result.errors, *(o.error for o in outcomes if o.error)),  # files not linted, or not fixed
        plan.warnings,
        flags["statistics"],
        cfg.docs_url,
        width=terminal.width(sys.stdout),
    )
    out = formats[cfg.format].render(findings, context)
    try:
        click.echo(out, nl=False, color=use_color)
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # the reader left (`| head`): click exits quietly
            raise
        fail(LexlintError(f"cannot write the report: {exc.strerror or exc}"))
    sys.exit(_exit_code(findings, cfg, errors=len(result.errors) + fix_errors, bugs=bugs + fix_bugs))


def _linters(plan: Plan) -> dict[tuple[str, ...], Linter]:
    """Each group's phrasebook compiled, with the configuration (fixes need them before the check)."""
    from lexlint.engine import Linter

    try:
        return {group.profiles: Linter(group.book, plan.config) for group in plan.groups}
    except LexlintError as exc:
        fail(exc)


def _fix(
    plan: Plan, linters: Mapping[tuple[str, ...], Linter], *, unsafe: bool, write: bool, recorded: str | None
) -> list[FileFix]:
    """Every group's files fixed; with a baseline (`recorded`), only the findings it does not record."""
    from lexlint.fix import fix_files
    from lexlint.settings import baseline

    try:
        narrow = baseline.unrecorded(recorded) if recorded else None  # read before any file is written
    except LexlintError as exc:
        fail(exc)
    return [
        outcome
        for group in plan.groups
        for outcome in fix_files(
            group.files, linters[group.profiles], plan.options, unsafe=unsafe, write=write, lint=narrow
        )
    ]


def _report_fix_notes(outcomes: list[FileFix]) -> int:
    """Each refusal as a note, each file left unwritten as a note or an error; the count of errors."""
    from lexlint.report import visible  # a file name may hold control characters

    for outcome in outcomes:
        for refusal in outcome.refused:
            click.echo(visible(f"lexlint: note: {refusal}"), err=True)
        if outcome.unwritten:
            click.echo(visible(f"lexlint: note: {outcome.path}: {outcome.unwritten}"), err=True)
        if outcome.error:
            click.echo(visible(f"lexlint: error: {outcome.error}"), err=True)
    return sum(1 for o in outcomes if o.error)


def _fix_summary(outcomes: list[FileFix], verb: str, unsafe_left: int = 0) -> None:
    """How many fixes landed in how many files, and how many more --unsafe-fixes would apply; nothing when
    there is nothing to say (a hook run on clean files stays quiet)."""
    from lexlint.report import plural

    landed = [o for o in outcomes if o.landed]
    applied = sum(o.applied for o in landed)
    if not applied and not unsafe_left and not any(o.refused or o.unwritten or o.error for o in outcomes):
        return
    more = f"; {unsafe_left} more with --unsafe-fixes" if unsafe_left else ""
    click.echo(f"lexlint: {verb} {plural(applied, 'fix', 'fixes')} in {plural(len(landed), 'file')}{more}", err=True)


def _with_baseline(
    findings: list[Finding], sources: Mapping[str, str], write_to: str | None, recorded: str | None
) -> list[Finding]:
    """The findings to report: none once they are recorded as a new baseline (`write_to`), else those the
    baseline (`recorded`, when there is one) does not record, saying how many it does."""
    from lexlint.report import plural
    from lexlint.settings import baseline

    if write_to:
        count = baseline.write(write_to, findings, sources)
        click.echo(f"lexlint: recorded {plural(count, 'finding')} in {write_to}", err=True)
        return []
    if recorded:
        new = baseline.new_findings(recorded, findings, sources)
        if len(new) < len(findings):
            known = plural(len(findings) - len(new), "finding")
            click.echo(f"lexlint: {known} recorded in the baseline {recorded} not reported", err=True)
        return new
    return findings


def _exit_code(findings: list[Finding], cfg: Config, *, errors: int, bugs: int) -> int:
    """EXIT_BUG when lexlint met a bug in a file, EXIT_ERROR when a file could not be linted or fixed, else
    EXIT_FINDINGS when a finding is at or above `fail-on`, or a message scores below `min-score`, else 0."""
    from lexlint import score
    from lexlint.findings import SEVERITY_RANK

    if errors:
        return EXIT_BUG if bugs else EXIT_ERROR
    threshold = SEVERITY_RANK.get(cfg.fail_on, 99)
    if any(SEVERITY_RANK[f.severity] >= threshold for f in findings):
        return EXIT_FINDINGS
    return EXIT_FINDINGS if cfg.min_score is not None and score.lowest(findings) < cfg.min_score else 0
