"""Text: each finding with its source line, the span underlined and the rewritten sentence."""
from __future__ import annotations

import click

from lexlint.findings import Finding
from lexlint.report import Run, plural, summary
from lexlint.segments import LINE_BREAK

NAME = "text"
COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


def render(findings: list[Finding], run: Run) -> str:
    style = (lambda text, **kw: click.style(text, **kw)) if run.color else (lambda text, **kw: text)
    lines_of: dict[str, list[str]] = {}
    out: list[str] = []
    for f in findings:
        where = f"{f.path}:{f.line}:{f.column}:"
        title = f" [{f.name}]" if f.name else ""
        out.append(f"{style(where, bold=True)} {style(f.rule, fg=COLORS[f.severity], bold=True)}  {f.message}{title}")
        source_lines = lines_of.get(f.path)
        if source_lines is None and f.path in run.sources:
            source_lines = lines_of[f.path] = LINE_BREAK.split(run.sources[f.path])
        if source_lines and f.line <= len(source_lines):
            text = source_lines[f.line - 1].rstrip("\r").expandtabs(1)
            end = f.end_column if f.end_line == f.line else len(text) + 1
            gutter = " " * len(str(f.line))
            out.append(f"{gutter} |")
            out.append(f"{f.line} | {text}")
            out.append(f"{gutter} | {' ' * (f.column - 1)}{style('^' * max(end - f.column, 1), fg=COLORS[f.severity])}")
            if f.suggestion:
                out.append(f"{gutter} = {style('try:', fg='green', bold=True)} {f.suggestion}")
        elif f.suggestion:
            out.append(f"  = try: {f.suggestion}")
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
