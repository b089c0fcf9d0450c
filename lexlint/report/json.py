"""JSON: the v1 output contract (DESIGN.md)."""
from __future__ import annotations

import json

from lexlint.findings import Finding
from lexlint.report import Run, summary

NAME = "json"


def render(findings: list[Finding], run: Run) -> str:
    doc = {"version": 1, "findings": [f.to_json() for f in findings], "summary": summary(findings, run.files)}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
