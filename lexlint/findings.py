"""Findings: what a check reports (Hit, in segment offsets) and what the user sees (Finding, in file positions)."""

from __future__ import annotations

from json.encoder import encode_basestring as _string  # what json.dumps(ensure_ascii=False) uses for a str
from typing import NamedTuple

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
FIX_SAFETY = ("safe", "unsafe", "none")
FAIL_ON = (*SEVERITIES, "never")  # the exit-code thresholds: a severity, or never fail on findings


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
    # an ordering rule's missing line: (where it goes, the line), where is before or after the span, or the
    # message's opening or ending; an editor offers to write it in (checks.sequences.insertions)
    insert: tuple[str, str] | None = None


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
    # The message's line that holds the match, decoded, when the file's line does not show it as written (a
    # JSON string's \n escapes, HTML, a quoted-printable e-mail), and where the match sits in it: what the
    # text report shows instead of the file's line. None: the file's own line shows it. Not in the JSON
    # contract: the reporter reads it from here, so it never reads or decodes a file again.
    excerpt: str | None = None
    excerpt_start: int = 0
    excerpt_end: int = 0
    # The message the finding is in, for its score (lexlint.score): where it starts in the file (one message's
    # findings share it), how many words it has, and whether the finding is an ordering rule's (a sequence),
    # weighed by the message rather than by its length. Not in the JSON contract either.
    message_at: int = -1
    message_words: int = 0
    ordering: bool = False

    def json_row(self) -> str:
        """The finding as one JSON object on one line: the JSON output contract, v1 (these fields, in this
        order). Written out field by field with json's own string encoder, which is cheaper than json.dumps
        of a dict: a report may hold tens of thousands of findings."""
        suggestion = "null" if self.suggestion is None else _string(self.suggestion)
        return (
            f'{{"path": {_string(self.path)}, "line": {self.line:d}, "column": {self.column:d}, '
            f'"end_line": {self.end_line:d}, "end_column": {self.end_column:d}, "rule": {_string(self.rule)}, '
            f'"severity": {_string(self.severity)}, "message": {_string(self.message)}, '
            f'"matched": {_string(self.matched)}, "suggestion": {suggestion}, "fix": {_string(self.fix)}}}'
        )


class SentenceMoves(NamedTuple):
    """One sentence of a message with the moves it carries (greeting, empathy, fix …): the message's shape,
    which the writer's page draws as a strip. Positions as a Finding's."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    moves: tuple[str, ...]
    name: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "moves": list(self.moves),
        }
