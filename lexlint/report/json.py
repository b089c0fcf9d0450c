"""JSON: the v1 output contract (DESIGN.md)."""
from __future__ import annotations

from lexlint.findings import Finding
from lexlint.report import Run, json_text, summary

NAME = "json"


def render(findings: list[Finding], run: Run) -> str:
    doc = {"version": 1, "findings": [f.json_row() for f in findings], "summary": summary(findings, run.files)}
    return json_text(doc, encoded=("findings",))
