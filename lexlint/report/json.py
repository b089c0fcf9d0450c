"""JSON: the v1 output contract (`version`, one line per finding, `summary`, and `file_errors` when a file
was not linted)."""

from __future__ import annotations

from lexlint.findings import Finding
from lexlint.report import Run, file_error, json_text, summary

NAME = "json"


def render(findings: list[Finding], run: Run) -> str:
    doc: dict[str, object] = {
        "version": 1,
        "findings": [f.json_row() for f in findings],
        "summary": summary(findings, run.files),
    }
    if run.errors:  # files not linted, and why
        doc["file_errors"] = [file_error(err) for err in run.errors]
    return json_text(doc, encoded=("findings",))
