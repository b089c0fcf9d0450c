"""GitHub Actions: one workflow command per finding (an annotation on the changed line), then the text report."""
from __future__ import annotations

from lexlint.errors import LexlintError
from lexlint.findings import Finding
from lexlint.report import Run, text

NAME = "github"
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding) -> str:
    props = {"file": f.path, "line": f.line, "col": f.column, "endLine": f.end_line, "endColumn": f.end_column,
             "title": f.rule}
    prop_text = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    message = f.message + (f"\ntry: {f.suggestion}" if f.suggestion else "")
    return f"::{LEVELS[f.severity]} {prop_text}::{escape_data(message)}"


def error_command(err: LexlintError) -> str:
    """An error annotation for a file that was not linted."""
    props = {"file": err.path, "line": err.line, "col": err.column, "title": "lexlint"}
    prop_text = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::error {prop_text}::{escape_data(err.message)}"


def render(findings: list[Finding], run: Run) -> str:
    commands = "".join(error_command(err) + "\n" for err in run.errors)
    commands += "".join(command(f) + "\n" for f in findings)
    return commands + text.render(findings, run)
