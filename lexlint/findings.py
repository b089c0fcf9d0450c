"""Findings: what a check reports (Hit, in segment offsets) and what the user sees (Finding, in file positions)."""
from __future__ import annotations

from typing import NamedTuple

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
FIX_SAFETY = ("safe", "unsafe", "none")


class Hit(NamedTuple):
    """A check's report, in character offsets of the segment's text."""

    rule: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: str | None = None  # the sentence as it would read (or advice, for structure rules)
    replacement: str | None = None  # text that would replace [start, end) under --fix
    fix: str = "none"


class Finding(NamedTuple):
    """One reported violation. A named tuple: a run builds, pickles (workers) and caches thousands."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: str
    message: str
    matched: str
    suggestion: str | None
    fix: str
    start: int  # character offsets in the decoded file
    end: int
    replacement: str | None = None
    name: str | None = None  # the segment's name (macro title …)

    def to_json(self) -> dict[str, object]:
        """The JSON output contract, v1 (DESIGN.md)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "matched": self.matched,
            "suggestion": self.suggestion,
            "fix": self.fix,
        }
