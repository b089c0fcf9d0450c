"""What `lexlint check` does around a plain run: configuration, --fix/--diff, baselines, statistics.
The CI gate and the pre-commit hook are these options. The engine and the fixer are imported only for
--fix and --diff: a check whose files are all cached needs neither."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import click

from lexlint.settings import baseline
from lexlint.settings import config
from lexlint.errors import InternalError, LexlintError
from lexlint.rulebook.builtins import builtin_rules
from lexlint.findings import Finding, Hit
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.report import RuleDoc, plural
from lexlint.sources.segments import LineIndex, Segment
from lexlint.sources import ReadOptions

if TYPE_CHECKING:
    from lexlint import fix
    from lexlint.engine import Linter


def _ids(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """Repeatable, comma-separated flag values; None when the flag was not given."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip()) or None


_OPTIONS = [
    click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True),
                 help="Use this config file instead of the nearest lexlint.yaml / .lexlint.yaml / pyproject.toml."),
    click.option("--select", multiple=True, help="Only these rule ids or tags (comma-separated, repeatable)."),
    click.option("--ignore", multiple=True, help="Never these rule ids or tags (comma-separated, repeatable)."),
    click.option("--fix", "apply_fixes", is_flag=True, help="Apply safe rewrites to the files, then report what is left."),
    click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply rewrites marked unsafe."),
    click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing."),
    click.option("--statistics", is_flag=True, help="Print a count per rule instead of each finding."),
    click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
                 help="Report only findings this baseline file does not record."),
    click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False),
                 help="Record today's findings in this file and exit 0."),
]


def options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(_OPTIONS):
        fn = opt(fn)
    return fn


def configure(paths: list[str], flags: dict[str, Any], **cli: Any) -> config.Config:
    """The resolved configuration: the file's settings, with command-line flags on top."""
    cfg = config.resolve(paths, flags["config_file"])
    return cfg.override(select=_ids(flags["select"]), ignore=_ids(flags["ignore"]), **cli)


def by_profiles(files: list[str], cfg: config.Config, base: tuple[str, ...]) -> dict[tuple[str, ...], list[str]]:
    """Files grouped by the profiles that apply to them (a config override may add one for some files);
    each group is linted with its own phrasebook. With no files, one empty group for the base profiles."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for path in files:
        groups.setdefault(cfg.profiles_for(path, base), []).append(path)
    return groups or {base: []}


def in_file_order(findings: list[Finding], files: list[str]) -> list[Finding]:
    """Findings of several groups back in the order their files were named and walked (stable within a file)."""
    order = {path: i for i, path in enumerate(files)}
    return sorted(findings, key=lambda f: order.get(f.path, -1))


def known_ids(book: Phrasebook) -> set[str]:
    return {r.id for r in book.rules()} | {t for r in book.rules() for t in r.tags} | set(builtin_rules())


def rule_docs(book: Phrasebook) -> dict[str, RuleDoc]:
    docs = {r.id: RuleDoc(r.id, r.severity, r.why or r.message) for r in builtin_rules().values()}
    docs.update({s.id: RuleDoc(s.id, s.severity, s.why) for s in book.sequences})
    docs.update({e.id: RuleDoc(e.id, e.severity, e.why, e.instead) for e in book.entries})
    return docs


def adjust(findings: list[Finding], cfg: config.Config, book: Phrasebook) -> list[Finding]:
    tags = book.tags()
    return [g for f in findings if (g := cfg.adjust(f, tags)) is not None]


def lint_for_fixes(linter: Linter, cfg: config.Config, book: Phrasebook) -> fix.Lint:
    """The lint `fix` runs: the linter's hits with their findings, as the configuration adjusts them."""
    from lexlint.engine import to_finding

    tags = book.tags()

    def lint(segments: list[Segment]) -> Iterator[tuple[Segment, Hit, Finding]]:
        index = LineIndex(segments[0].source) if segments else None
        for seg, hits in linter.whole_hits(segments):
            for hit in hits:
                kept = cfg.adjust(to_finding(seg, hit, index), tags)  # type: ignore[arg-type]
                if kept is not None:
                    yield seg, hit, kept

    return lint


def apply_fixes(files: list[str], linter: Linter, cfg: config.Config, book: Phrasebook, options: ReadOptions,
                unsafe: bool, write: bool) -> list[fix.FileFix]:
    """Fix every file, writing the changed ones when asked. Unreadable files are left to the check."""
    from lexlint import fix

    allowed = frozenset({"safe", "unsafe"} if unsafe else {"safe"})
    lint = lint_for_fixes(linter, cfg, book)
    return [o for path in files if (o := _fix_one(path, lint, allowed, options, write)) is not None]


def _fix_one(path: str, lint: fix.Lint, allowed: frozenset[str], options: ReadOptions, write: bool) -> fix.FileFix | None:
    """One file's fixes inside the per-file error boundary: a user error is that file's error, anything
    else a bug met in that file (exit 3); the other files are still fixed and linted."""
    from lexlint import fix

    try:
        return fix.fix_file(path, lint, allowed, options, write=write)
    except LexlintError as exc:
        return fix.FileFix(path, "", "", error=exc)
    except Exception as exc:  # noqa: BLE001 - the per-file boundary
        return fix.FileFix(path, "", "", error=InternalError.from_exception(exc, path))


def report_fixes(outcomes: list[fix.FileFix], verb: str) -> int:
    """Each refusal as a note, each file left unwritten as a note or an error; the count of errors."""
    for outcome in outcomes:
        for refusal in outcome.refused:
            click.echo(f"lexlint: note: {refusal}", err=True)
        if outcome.unwritten:
            click.echo(f"lexlint: note: {outcome.path}: {outcome.unwritten}", err=True)
        if outcome.error:
            click.echo(f"lexlint: error: {outcome.error}", err=True)
    landed = [o for o in outcomes if o.landed]
    applied = sum(o.applied for o in landed)
    click.echo(f"lexlint: {verb} {plural(applied, 'fix', 'fixes')} in {plural(len(landed), 'file')}", err=True)
    return sum(1 for o in outcomes if o.error)


def fix_bugs(outcomes: list[fix.FileFix]) -> int:
    """How many files met a bug in lexlint while being fixed (the run then exits EXIT_BUG)."""
    return sum(1 for o in outcomes if isinstance(o.error, InternalError))


def with_baseline(findings: list[Finding], sources: Mapping[str, str], flags: dict[str, Any]) -> list[Finding]:
    if flags["write_baseline_file"]:
        count = baseline.write(flags["write_baseline_file"], findings, sources)
        click.echo(f"lexlint: recorded {plural(count, 'finding')} in {flags['write_baseline_file']}", err=True)
        return []
    if flags["baseline_file"]:
        return baseline.new_findings(flags["baseline_file"], findings, sources)
    return findings


def statistics(findings: list[Finding]) -> str:
    counts = Counter(f.rule for f in findings)
    severity = {f.rule: f.severity for f in findings}
    fixable = {f.rule for f in findings if f.fix != "none"}
    width = max((len(str(n)) for n in counts.values()), default=1)
    rule_width = max((len(r) for r in counts), default=0)
    lines = [f"{n:>{width}}  {rule:<{rule_width}}  {severity[rule]:<7}  {'[fix]' if rule in fixable else ''}".rstrip()
             for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append(plural(len(findings), "finding"))
    return "\n".join(lines) + "\n"
