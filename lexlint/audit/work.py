"""What a worker does with a partition: its replies made segments (as a CSV field or a JSON Lines text is),
linted by the one lint path (`Linter.lint_applying`: the findings, and the conditional ordering rules each
reply is held to), scored (lexlint.score), and returned as two tables (messages, findings) and a tally. The
Linter is built once per worker process, the first time it is given a spec, and kept for every later
partition of that spec: the pipeline and the compiled phrasebook are loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from lexlint import score
from lexlint.audit import tally
from lexlint.audit.inputs import Partition, Row
from lexlint.findings import Finding
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.sources.rows import DEFAULT_CHANNEL, channel_of, message_segment

if TYPE_CHECKING:
    import pyarrow as pa

    from lexlint.engine import Linter
    from lexlint.rulebook.sequences import SequenceRule
    from lexlint.settings.config import Config


@dataclass(frozen=True)
class Spec:
    """Everything a worker needs, sent to it once: the phrasebook and configuration, and `key`, what decides
    the results (a resumed run with another key starts over)."""

    book: Phrasebook
    config: Config
    key: str
    default_channel: str = DEFAULT_CHANNEL

    @cached_property
    def conditional(self) -> tuple[SequenceRule, ...]:
        """The conditional ordering rules the configuration reports."""
        tags = self.book.tags()
        return tuple(
            r
            for r in self.book.sequences
            if r.when and self.config.level(r.id, r.severity, tags.get(r.id, ())) is not None
        )


class PartResult(NamedTuple):
    number: int  # the partition's
    messages: pa.Table
    findings: pa.Table
    tally: tally.Tally


_LINTERS: dict[str, Linter] = {}  # spec key -> its Linter, in this process: the loaded pipeline cache


def linter_for(spec: Spec) -> Linter:
    """The spec's Linter, built the first time this process is given it."""
    found = _LINTERS.get(spec.key)
    if found is None:
        from lexlint.engine import Linter

        _LINTERS.clear()  # another audit's pipeline is not needed again
        found = _LINTERS[spec.key] = Linter(spec.book, spec.config)
    return found


def audit_partition(spec: Spec, part: Partition) -> PartResult:
    """One partition's tables and tally."""
    linter = linter_for(spec)
    rows: list[Row] = []
    segments = []
    for row in part.rows:
        channel = channel_of(row.channel, spec.default_channel)
        seg = message_segment(str(row.message), row.text, name=row.id, channel=channel, context=row.context)
        if seg is not None:
            rows.append(row)
            segments.append(seg)
    conditional = spec.conditional
    linted, applied = linter.lint_applying(segments)
    found: dict[str, list[Finding]] = {}
    for f in linted:
        found.setdefault(f.path, []).append(f)
    counts = tally.new()
    counts["records"] = part.records
    counts["unreadable"] = len(part.unreadable)
    counts["first_unreadable"] = list(part.unreadable[0]) if part.unreadable else None
    messages: dict[str, list[Any]] = {name: [] for name in MESSAGE_COLUMNS}
    findings: dict[str, list[Any]] = {name: [] for name in FINDING_COLUMNS}
    for row, seg, ruled in zip(rows, segments, applied):
        mine = found.get(seg.path, [])
        n_words = score.words(seg.text)
        value = score.message_score(mine, n_words)
        applies = [c.id for c in conditional if c.id in ruled]
        broken = {f.rule for f in mine}
        complies = [rule for rule in applies if rule not in broken]
        day = _day(row.time)
        tally.add_message(
            counts,
            agent=row.agent,
            macro=row.macro,
            day=day,
            words=n_words,
            score=value,
            findings=mine,
            applies=applies,
            complies=complies,
        )
        for f in mine:
            if tally.wants_example(counts, f.rule):
                tally.add_example(counts, f, row.text, row.message, row.record, value)
        _add(
            messages,
            message=row.message,
            record=row.record,
            id=row.id,
            ticket=row.ticket,
            agent=row.agent,
            macro=row.macro,
            time=datetime.fromtimestamp(row.time, UTC) if row.time is not None else None,
            day=day,
            channel=seg.channel,
            words=n_words,
            findings=len(mine),
            errors=sum(f.severity == "error" for f in mine),
            warnings=sum(f.severity == "warning" for f in mine),
            infos=sum(f.severity == "info" for f in mine),
            score=value,
            applies=applies,
            complies=complies,
        )
        for f in mine:
            _add(
                findings,
                message=row.message,
                rule=f.rule,
                severity=f.severity,
                ordering=f.ordering,
                line=f.line,
                column=f.column,
                end_line=f.end_line,
                end_column=f.end_column,
                matched=f.matched,
                says=f.message,
                suggestion=f.suggestion,
                replacement=f.replacement,
                fix=f.fix,
            )
    return PartResult(part.number, _table(messages, message_schema()), _table(findings, finding_schema()), counts)


def _day(when: float | None) -> str | None:
    return datetime.fromtimestamp(when, UTC).date().isoformat() if when is not None else None


def _add(columns: dict[str, list[Any]], **values: Any) -> None:
    for name, value in values.items():
        columns[name].append(value)


MESSAGE_COLUMNS = (
    "message",
    "record",
    "id",
    "ticket",
    "agent",
    "macro",
    "time",
    "day",
    "channel",
    "words",
    "findings",
    "errors",
    "warnings",
    "infos",
    "score",
    "applies",
    "complies",
)
FINDING_COLUMNS = (
    "message",
    "rule",
    "severity",
    "ordering",
    "line",
    "column",
    "end_line",
    "end_column",
    "matched",
    "says",
    "suggestion",
    "replacement",
    "fix",
)


def message_schema() -> pa.Schema:
    """One row per reply linted: where it came from, its group keys, its counts and score, and the
    conditional ordering rules that applied to it (`applies`) and that it kept (`complies`)."""
    import pyarrow as pa

    text, count = pa.string(), pa.int32()
    return pa.schema(
        [
            ("message", pa.int64()),
            ("record", pa.int64()),
            ("id", text),
            ("ticket", text),
            ("agent", text),
            ("macro", text),
            ("time", pa.timestamp("s", tz="UTC")),
            ("day", text),
            ("channel", text),
            ("words", count),
            ("findings", count),
            ("errors", count),
            ("warnings", count),
            ("infos", count),
            ("score", count),
            ("applies", pa.list_(text)),
            ("complies", pa.list_(text)),
        ]
    )


def finding_schema() -> pa.Schema:
    """One row per finding, joined to its reply by `message`; line and column within the reply's text."""
    import pyarrow as pa

    text, count = pa.string(), pa.int32()
    return pa.schema(
        [
            ("message", pa.int64()),
            ("rule", text),
            ("severity", text),
            ("ordering", pa.bool_()),
            ("line", count),
            ("column", count),
            ("end_line", count),
            ("end_column", count),
            ("matched", text),
            ("says", text),
            ("suggestion", text),
            ("replacement", text),
            ("fix", text),
        ]
    )


def _table(columns: dict[str, list[Any]], schema: pa.Schema) -> pa.Table:
    import pyarrow as pa

    return pa.table({name: pa.array(columns[name], schema.field(name).type) for name in schema.names}, schema=schema)
