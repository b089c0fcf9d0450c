"""JSON: the v1 output contract (`version`, one line per finding, `summary`, `file_errors` when a file was
not linted or fixed, `warnings` when the configuration names what nothing defines, and `statistics`, rule ->
count, severity and fix, with --statistics)."""

from __future__ import annotations

from lexlint.findings import Finding
from lexlint.report import Run, file_error, json_text, statistics_doc, summary

NAME = "json"


def render(findings: list[Finding], run: Run) -> str:
    return json_text(document(findings, run), encoded=ENCODED)


# the keys whose items are JSON rows already
ENCODED = ("findings",)


def document(findings: list[Finding], run: Run) -> dict[str, object]:
    """The report as data, its findings already JSON rows: for a face that adds to it (the server's
    sentences) before it is written with `json_text(doc, encoded=ENCODED)`."""
    doc: dict[str, object] = {
        "version": 1,
        "findings": [f.json_row() for f in findings],
        "summary": summary(findings, run.files),
    }
    if run.errors:  # files not linted, and why
        doc["file_errors"] = [file_error(err) for err in run.errors]
    if run.warnings:
        doc["warnings"] = [file_error(w) for w in run.warnings]
    if run.statistics:
        doc["statistics"] = statistics_doc(findings)
    return doc
