"""Text: each finding with its source line, the span underlined and the rewritten sentence."""

from __future__ import annotations

import click

from lexlint.findings import Finding
from lexlint.report import WIDTH, Run, clip, plural, statistics, summary, visible, window
from lexlint.sources.segments import LINE_BREAK

NAME = "text"
COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


def render(findings: list[Finding], run: Run) -> str:
    """Every string from a linted file or a phrasebook is shown with its control characters visible, and a
    long source line (a minified export is one line) as a window around the match. With --statistics, the
    count per rule instead."""
    if run.statistics:
        return statistics(findings)
    style = (lambda text, **kw: click.style(text, **kw)) if run.color else (lambda text, **kw: text)
    lines_of: dict[str, list[str]] = {}
    out: list[str] = []
    for f in findings:
        where = visible(f"{f.path}:{f.line}:{f.column}:")
        title = f" [{visible(clip(f.name))}]" if f.name else ""
        rule = style(visible(f.rule), fg=COLORS[f.severity], bold=True)
        out.append(f"{style(where, bold=True)} {rule}  {visible(f.message)}{title}")
        suggestion = visible(clip(f.suggestion, 2 * WIDTH)) if f.suggestion else ""
        source_lines = lines_of.get(f.path)
        if source_lines is None and f.path in run.sources:
            source_lines = lines_of[f.path] = LINE_BREAK.split(run.sources[f.path])
        if source_lines and f.line <= len(source_lines):
            text = source_lines[f.line - 1].rstrip("\r").expandtabs(1)
            end = f.end_column if f.end_line == f.line else len(text) + 1
            shown, start, stop = window(text, f.column - 1, max(end - 1, f.column))
            before, matched, after = visible(shown[:start]), visible(shown[start:stop]), visible(shown[stop:])
            gutter = " " * len(str(f.line))
            out.append(f"{gutter} |")
            out.append(f"{f.line} | {before}{matched}{after}")
            out.append(f"{gutter} | {' ' * len(before)}{style('^' * max(len(matched), 1), fg=COLORS[f.severity])}")
            if suggestion:
                out.append(f"{gutter} = {style('try:', fg='green', bold=True)} {suggestion}")
        elif suggestion:
            out.append(f"  = try: {suggestion}")
        out.append("")
    s = summary(findings, run.files)
    unread = f" {plural(run.unread, 'file')} could not be read." if run.unread else ""
    if findings:
        detail = f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}, {s['infos']} info"
        out.append(f"Found {plural(len(findings), 'problem')} ({detail}) in {plural(run.files, 'file')}.{unread}")
    elif unread:
        out.append(f"No problems found in {run.files - run.unread} of {plural(run.files, 'file')}.{unread}")
    else:
        out.append(f"All clear: no problems in {plural(run.files, 'file')}.")
    return "\n".join(out) + "\n"
