"""Applying rewrites to files: `--fix`, `--unsafe-fixes`, `--diff`.

Each pass lints the file's current text, takes the fixable findings whose spans do not overlap, escapes
each rewrite for where it lands (a JSON string, a quoted YAML scalar, HTML text, a CSV field …) and
proves the edit by reading the new text back with the same reader: every segment must read exactly as
the old one with the rewrites in place. An edit that cannot be proved is refused, never forced.
Overlapping fixes wait for the next pass; passes repeat until nothing changes (bounded)."""
from __future__ import annotations

import codecs
import difflib
import html
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lexlint.errors import LexlintError
from lexlint.findings import Finding, Hit
from lexlint.segments import Segment
from lexlint.sources import ReadOptions, pick_reader, read_text

MAX_PASSES = 8
Escape = Callable[[str], str]
Lint = Callable[[list[Segment]], Iterable[tuple[Segment, Hit, Finding]]]  # kept findings with their hits


def _json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _html(text: str) -> str:
    return html.escape(text, quote=False)


def _verbatim(text: str) -> str:
    return text


ESCAPES: dict[str, tuple[Escape, ...]] = {  # reader NAME -> escapes to try, most specific first
    "html": (_html, _verbatim),
    "json": (_json, lambda t: _json(_html(t))),
    "jsonl": (_json, lambda t: _json(_html(t))),
    "yaml": (_verbatim, _json, lambda t: t.replace("'", "''"), _html, lambda t: _json(_html(t))),
    "csv": (_verbatim, lambda t: t.replace('"', '""'), _html),
    "email": (_verbatim, _html),
}


@dataclass(frozen=True)
class Refusal:
    path: str
    line: int
    column: int
    rule: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.rule}: fix not applied: {self.reason}"


@dataclass(frozen=True)
class FileFix:
    path: str
    before: str
    after: str
    applied: int = 0
    refused: tuple[Refusal, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        lines = difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                     f"a/{self.path}", f"b/{self.path}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass(frozen=True)
class _Edit:
    seg: int
    hit: Hit
    finding: Finding


def fix_text(path: str, text: str, lint: Lint, allowed: frozenset[str], options: ReadOptions = ReadOptions()) -> FileFix:
    """The file's text with every provable fix applied, pass after pass."""
    current, applied = text, 0
    refused: dict[tuple[int, int, str], Refusal] = {}
    for _ in range(MAX_PASSES):
        segments = read_text(path, current, options)
        edits = _candidates(segments, lint, allowed, refused)
        escapes = ESCAPES.get(pick_reader(path, current, options).NAME, (_verbatim,))
        new_text, done = _apply_proved(path, current, segments, edits, escapes, options, refused)
        if not done:
            break
        current, applied = new_text, applied + done
    return FileFix(path, text, current, applied, tuple(refused.values()))


def _candidates(segments: list[Segment], lint: Lint, allowed: frozenset[str],
                refused: dict[tuple[int, int, str], Refusal]) -> list[_Edit]:
    """Fixable findings that do not overlap one another (the rest wait for a later pass)."""
    index = {id(s): i for i, s in enumerate(segments)}
    found = [_Edit(index[id(seg)], hit, f) for seg, hit, f in lint(segments)
             if hit.replacement is not None and f.fix in allowed]
    chosen: list[_Edit] = []
    for edit in sorted(found, key=lambda e: (e.finding.start, e.finding.end)):
        f, seg = edit.finding, segments[edit.seg]
        if any(ps < edit.hit.end and edit.hit.start < pe for ps, pe in seg.placeholders):
            refused[(f.start, f.end, f.rule)] = Refusal(f.path, f.line, f.column, f.rule,
                                                        "the match covers a template placeholder")
            continue
        if chosen and f.start < chosen[-1].finding.end:
            continue
        chosen.append(edit)
    return chosen


def _apply_proved(path: str, text: str, segments: list[Segment], edits: list[_Edit], escapes: tuple[Escape, ...],
                  options: ReadOptions, refused: dict[tuple[int, int, str], Refusal]) -> tuple[str, int]:
    """Apply all edits if they read back right together; else one by one, refusing those that do not."""
    if not edits:
        return text, 0
    together = _try(path, text, segments, edits, escapes[0], options)
    if together is not None:
        return together, len(edits)
    done = 0
    for edit in reversed(edits):  # from the end, so earlier file offsets stay valid
        for escape in escapes:
            attempt = _try(path, text, segments, [edit], escape, options)
            if attempt is not None:
                text, done = attempt, done + 1
                segments = read_text(path, text, options)
                break
        else:
            f = edit.finding
            refused[(f.start, f.end, f.rule)] = Refusal(
                path, f.line, f.column, f.rule,
                f"the rewrite cannot be written back into this {pick_reader(path, text, options).NAME} file without "
                "changing what it says (encoded body, or a quoting style that cannot be re-escaped)")
    return text, done


def _try(path: str, text: str, segments: list[Segment], edits: list[_Edit], escape: Escape,
         options: ReadOptions) -> str | None:
    """The text with the edits applied, if reading it back gives exactly the expected segments."""
    new = text
    for e in sorted(edits, key=lambda e: e.finding.start, reverse=True):
        new = new[: e.finding.start] + escape(e.hit.replacement or "") + new[e.finding.end :]
    expected = [s.text for s in segments]
    for e in sorted(edits, key=lambda e: e.hit.start, reverse=True):
        t = expected[e.seg]
        expected[e.seg] = t[: e.hit.start] + (e.hit.replacement or "") + t[e.hit.end :]
    try:
        again = read_text(path, new, options)
    except LexlintError:
        return None
    return new if [s.text for s in again] == expected else None


# ---- writing ---------------------------------------------------------------------------------------

def write_atomic(path: str, text: str) -> None:
    """Replace the file's contents in one step: same folder temp file, same mode, BOM kept if it had one."""
    target = os.path.realpath(path)
    with open(target, "rb") as fh:
        bom = fh.read(3) == codecs.BOM_UTF8
    mode = os.stat(target).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".lexlint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
