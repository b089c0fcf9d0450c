"""Text: each finding with its source line, the span underlined and the rewritten sentence."""

from __future__ import annotations

import click

from lexlint.findings import Finding
from lexlint.report import (
    WIDTH,
    Run,
    char_columns,
    clip,
    columns,
    plural,
    statistics,
    summary,
    visible,
    window,
)
from lexlint.sources.segments import LINE_BREAK

NAME = "text"
COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


def render(findings: list[Finding], run: Run) -> str:
    """Each finding as `path:line:col: severity[rule] message [name]`, readable without colour, then the line
    that holds the match (fitted to run.width, around the match) with carets under it, and the suggestion
    wrapped to the same width. The line is the file's, or the message's own decoded line when the file's
    would show it only encoded (Finding.excerpt). Every string from a linted file or a phrasebook is shown
    with its control characters visible. With --statistics, the count per rule instead."""
    if run.statistics:
        return statistics(findings)
    style = (lambda text, **kw: click.style(text, **kw)) if run.color else (lambda text, **kw: text)
    lines_of: dict[str, list[str]] = {}
    out: list[str] = []
    for f in findings:
        where = visible(f"{f.path}:{f.line}:{f.column}:")
        title = f" [{visible(clip(f.name))}]" if f.name else ""
        kind = style(f"{f.severity}[{visible(f.rule)}]", fg=COLORS[f.severity], bold=True)
        out.append(f"{style(where, bold=True)} {kind} {visible(f.message)}{title}")
        gutter = " " * len(str(f.line))
        shown = _source_line(f, run, lines_of)
        if shown is not None:
            text, start, end = shown
            room = max(run.width - len(gutter) - 3, 1)  # after "12 | "
            fitted, start, stop = window(text.expandtabs(1), start, max(end, start + 1), room)
            before, matched, after = visible(fitted[:start]), visible(fitted[start:stop]), visible(fitted[stop:])
            carets = style("^" * max(columns(matched), 1), fg=COLORS[f.severity])
            out += [
                f"{gutter} |",
                f"{f.line} | {before}{matched}{after}",
                f"{gutter} | {' ' * columns(before)}{carets}",
            ]
        if f.suggestion:
            lead = f"{gutter} = " if shown is not None else "  = "
            out += _wrapped(
                visible(clip(f.suggestion, 2 * WIDTH)), lead, style("try:", fg="green", bold=True), run.width
            )
        out.append("")
    s = summary(findings, run.files)
    unread = f" {plural(run.unread, 'file')} could not be read." if run.unread else ""
    if findings:
        detail = f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}, {s['infos']} info"
        lowest = f"lowest message score {s['score']}/100"
        out.append(
            f"Found {plural(len(findings), 'problem')} ({detail}) in {plural(run.files, 'file')}; {lowest}.{unread}"
        )
    elif unread:
        out.append(f"No problems found in {run.files - run.unread} of {plural(run.files, 'file')}.{unread}")
    else:
        out.append(f"All clear: no problems in {plural(run.files, 'file')} (score 100/100).")
    return "\n".join(out) + "\n"


def _source_line(f: Finding, run: Run, lines_of: dict[str, list[str]]) -> tuple[str, int, int] | None:
    """The line to show under `f` and where its match sits in it: the message's decoded line when the finding
    carries one, else the file's line (to its end, when the match runs on past it); None when neither is at
    hand. The file is split into lines once, for all its findings."""
    if f.excerpt is not None:
        return f.excerpt, f.excerpt_start, f.excerpt_end
    source_lines = lines_of.get(f.path)
    if source_lines is None and f.path in run.sources:
        source_lines = lines_of[f.path] = LINE_BREAK.split(run.sources[f.path])
    if not source_lines or f.line > len(source_lines):
        return None
    text = source_lines[f.line - 1].rstrip("\r")
    end = f.end_column if f.end_line == f.line else len(text) + 1
    return text, f.column - 1, end - 1


def _wrapped(suggestion: str, lead: str, label: str, width: int) -> list[str]:
    """`lead` + "try: " + the suggestion, wrapped at spaces to `width` terminal columns, each further line
    indented under the first word: the whole sentence stays readable however narrow the terminal."""
    indent = " " * (len(lead) + len("try: "))
    room = max(width - len(indent), 20)
    lines: list[str] = []
    line, taken = "", 0
    for word in suggestion.split(" "):
        size = columns(word)
        if line and taken + 1 + size > room:
            lines.append(line)
            line, taken = "", 0
        while size > room:  # a word wider than a line (a long link), on lines of its own: as much as fills one
            cut = _fill(word, room)
            lines.append(word[:cut])
            word = word[cut:]
            size = columns(word)
        line, taken = (f"{line} {word}", taken + 1 + size) if line else (word, size)
    lines.append(line)
    return [f"{lead}{label} {lines[0]}", *(indent + text for text in lines[1:])]


def _fill(word: str, room: int) -> int:
    """How many characters of `word` fit in `room` columns (at least one)."""
    taken = 0
    for i, ch in enumerate(word):
        taken += char_columns(ch)
        if taken > room:
            return max(i, 1)
    return len(word)
