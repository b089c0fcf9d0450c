"""What a rule flags, why, a bad example and what to write instead: the text `lexlint explain` prints and the
server's `/v1/rules/{id}` returns."""

from __future__ import annotations

from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.rulebook.sequences import explain_lines


def explain(book: Phrasebook, rule_id: str) -> list[str] | None:
    """The explanation of the entry or sequence `rule_id` of `book`, line by line; None when it has none."""
    sequence = book.sequence(rule_id)
    if sequence is not None:
        return explain_lines(sequence, book.moves)
    entry = book.entry(rule_id)
    if entry is None:
        return None
    lines = [
        f"{entry.id} ({entry.severity}, fix: {entry.fix})",
        "",
        "Flags: " + "; ".join(p.phrase.source for p in entry.avoid),
    ]
    if entry.unless:
        lines.append("Except: " + "; ".join(p.phrase.source for p in entry.unless))
    lines.append(f"Why: {entry.why}")
    if entry.bad:
        lines.append(f"Bad: {entry.bad[0]}")
    if entry.instead:
        lines.append("Instead: " + " / ".join(entry.instead))
    if entry.good:
        lines.append(f"Good: {entry.good[0]}")
    if entry.tags:
        lines.append("Tags: " + ", ".join(entry.tags))
    return lines
