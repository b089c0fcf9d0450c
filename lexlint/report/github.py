"""GitHub Actions: one workflow command per finding (an annotation on the changed line), then the text report.

Each command's data and properties are escaped as the runner reads them, and the text report runs between
`::stop-commands::` and its token, so nothing a linted file holds can start a workflow command of its own."""

from __future__ import annotations

import hashlib

from lexlint.errors import LexlintError
from lexlint.findings import Finding
from lexlint.report import WIDTH, Run, clip, text, visible

NAME = "github"
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding) -> str:
    props = {
        "file": f.path,
        "line": f.line,
        "col": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "title": f.rule,
    }
    prop_text = ",".join(f"{k}={escape_property(visible(str(v)))}" for k, v in props.items())
    message = f.message + (f"\ntry: {clip(f.suggestion, 2 * WIDTH)}" if f.suggestion else "")
    # line breaks are the annotation's own (escaped, as the runner reads them); other controls are shown
    return f"::{LEVELS[f.severity]} {prop_text}::{escape_data(chr(10).join(map(visible, message.split(chr(10)))))}"


def error_command(err: LexlintError, level: str = "error") -> str:
    """An annotation for a file that was not linted (or fixed), or a `warning` for the configuration."""
    props = {"file": err.path, "line": err.line, "col": err.column, "title": "lexlint"}
    prop_text = ",".join(f"{k}={escape_property(visible(str(v)))}" for k, v in props.items() if v is not None)
    return f"::{level} {prop_text}::{escape_data(visible(err.message))}"


def render(findings: list[Finding], run: Run) -> str:
    commands = "".join(error_command(err) + "\n" for err in run.errors)
    commands += "".join(error_command(w, "warning") + "\n" for w in run.warnings)
    commands += "".join(command(f) + "\n" for f in findings)
    report = text.render(findings, run)
    # A token the report cannot hold: its own digest (the same output for the same findings, any --jobs).
    token = hashlib.sha256(report.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{commands}::stop-commands::{token}\n{report}::{token}::\n"
