"""Code actions on a document's findings: each one the document's whole new text, or the reason it cannot
be written. Never text surgery here: a rewrite, every safe rewrite, and an ordering rule's missing line are
written by the fixer (`fix.fix_finding`, `fix.fix_text`) through the file's reader and proved by reading the
new text back, as `--fix` does; a suppression is a directive in the comment form `sources.suppress` gives for the file's
kind, kept only when the new text, linted again, has exactly the old findings less the ones it switches off.

A single action hands the fixer one (segment, hit, finding) triple; the writer's page applies one finding
through the same `fix.fix_finding`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lexlint.checks.sequences import insertions
from lexlint.engine import Linter, to_finding
from lexlint.errors import LexlintError
from lexlint.findings import Finding, Hit
from lexlint.fix import Lint, fix_finding, fix_text
from lexlint.sources import ReadOptions, pick_reader, read_text
from lexlint.sources.segments import LineIndex, Segment
from lexlint.sources.suppress import with_next_line_directive

Triple = tuple[Segment, Hit, Finding]

# what the editor lists: the words are lexlint's own, the rule's words come from its phrasebook
TITLES = {
    "rewrite": "Rewrite as “{replacement}” ({rule})",
    "unsafe": "Rewrite as “{replacement}” ({rule}, unsafe: check the meaning)",
    "insert": "Write in “{line}” ({rule})",
    "suppress": "Switch off {rule} on this line",
    "fix-all": "Apply every safe rewrite in this file",
}
QUICKFIX, FIX_ALL = "quickfix", "source.fixAll.lexlint"
REWRITES = frozenset({"safe", "unsafe"})  # a rewrite the writer picks from the list is applied, unsafe or not
TITLE_WIDTH = 60


@dataclass(frozen=True)
class Action:
    """One code action: its title and kind, the finding it answers (None: the file), and the document's text
    once applied (None when it cannot be written, with the reason)."""

    title: str
    kind: str
    finding: Finding | None
    after: str | None
    preferred: bool = False
    refused: str | None = None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_WIDTH else text[: TITLE_WIDTH - 1] + "…"


def _written(
    path: str, text: str, options: ReadOptions, segments: list[Segment], triple: Triple
) -> tuple[str | None, str]:
    """The text with this one edit written in by the fixer, or None and the reason it was refused."""
    outcome = fix_finding(path, text, segments, triple, REWRITES, options)
    return (outcome.after, "") if outcome.applied else (None, outcome.refused[0].reason)


def rewrite(path: str, text: str, options: ReadOptions, segments: list[Segment], triple: Triple) -> Action | None:
    """The finding's rewrite (preferred when safe), when it has one."""
    _segment, hit, finding = triple
    if hit.replacement is None or finding.fix not in ("safe", "unsafe"):
        return None
    after, reason = _written(path, text, options, segments, triple)
    shown = _short(hit.replacement) or "nothing"
    key = "rewrite" if finding.fix == "safe" else "unsafe"
    title = TITLES[key].format(replacement=shown, rule=finding.rule)
    return Action(title, QUICKFIX, finding, after, preferred=finding.fix == "safe", refused=reason or None)


def insertion(path: str, text: str, options: ReadOptions, segments: list[Segment], triple: Triple) -> Action | None:
    """An ordering finding's missing line written where it belongs (the first way the file's reader proves)."""
    segment, hit, finding = triple
    if hit.insert is None:
        return None
    reason = ""
    title = TITLES["insert"].format(line=_short(hit.insert[1]), rule=finding.rule)
    lines = LineIndex(segment.source)
    for start, end, words in insertions(segment.unmasked_text or segment.text, hit):
        written = hit._replace(start=start, end=end, replacement=words, fix="safe")
        after, reason = _written(path, text, options, segments, (segment, written, to_finding(segment, written, lines)))
        if after is not None:
            return Action(title, QUICKFIX, finding, after)
    return Action(title, QUICKFIX, finding, None, refused=reason or None)


def _kept(findings: Iterable[Finding]) -> Counter[tuple[str, str, str]]:
    return Counter((f.rule, f.matched, f.message) for f in findings)


def suppression(
    path: str, text: str, options: ReadOptions, linter: Linter, finding: Finding, before: list[Finding]
) -> Action | None:
    """A directive above the finding's line that switches its rule off there, in the file's comment form;
    None when the file's kind has no place for one or no form leaves the other findings (`before`: the
    text's findings) as they were."""
    reader = pick_reader(path, text, options).NAME
    ways = with_next_line_directive(text, finding.start, reader, path, (finding.rule,))
    if not ways:
        return None
    gone = [f for f in before if f.rule == finding.rule and f.line == finding.line]
    expected = _kept(before) - _kept(gone)
    for after in ways:
        try:
            now = linter.lint(read_text(path, after, options))
        except LexlintError:
            continue
        if _kept(now) == expected:
            return Action(TITLES["suppress"].format(rule=finding.rule), QUICKFIX, finding, after)
    return None


def fix_all(path: str, text: str, options: ReadOptions, lint: Lint) -> Action:
    """Every safe rewrite in the file, as `lexlint check --fix` writes them (`lint`: the Linter's fixes)."""
    outcome = fix_text(path, text, lint, frozenset({"safe"}), options)
    after = outcome.after if outcome.applied else None
    return Action(TITLES["fix-all"], FIX_ALL, None, after, refused=None if after else "no safe rewrite applies")


def has_safe_fix(triples: Iterable[Triple]) -> bool:
    return any(h.replacement is not None and f.fix == "safe" for _s, h, f in triples)
