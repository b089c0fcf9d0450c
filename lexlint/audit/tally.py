"""The counts an audit's report is drawn from, kept per partition and added up: per rule, per agent, per
macro, per day, the compliance of conditional ordering rules, the rewrites and a few example messages per
rule. A partition's tally is plain JSON (written beside its tables, so a resumed run reads it back), small
whatever the partition's size, and tallies add up in partition order, so the totals are the same however
the partitions were run."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lexlint.findings import Finding

Tally = dict[str, Any]
BINS = 11  # score bands 0-9, 10-19 … 90-99, and 100 on its own: a message with no finding
EXAMPLES_PER_RULE = 3
EXAMPLE_REACH = 200  # characters of the message kept each side of the match in an example
NONE = "(none)"  # the group of replies with no agent (or no macro) in the export
SEP = "\t"  # between the parts of a rewrite's key (rule, matched words, replacement)


def new() -> Tally:
    return {
        "records": 0,
        "unreadable": 0,
        "first_unreadable": None,
        "messages": 0,
        "flagged": 0,
        "findings": 0,
        "words": 0,
        "score_sum": 0,
        "bins": [0] * BINS,
        "rules": {},
        "agents": {},
        "macros": {},
        "days": {},
        "compliance": {},
        "rewrites": {},
        "examples": {},
    }


def band(score: int) -> int:
    return min(score // 10, BINS - 1)


def _group() -> dict[str, Any]:
    return {"messages": 0, "flagged": 0, "findings": 0, "score_sum": 0, "bins": [0] * BINS, "compliance": {}}


def add_message(
    tally: Tally,
    *,
    agent: str | None,
    macro: str | None,
    day: str | None,
    words: int,
    score: int,
    findings: list[Finding],
    applies: Iterable[str],
    complies: Iterable[str],
) -> None:
    """Count one message, scored `score`, with its findings and the conditional rules that applied to it
    (`applies`) and those it kept (`complies`)."""
    applies, complies = list(applies), set(complies)
    tally["words"] += words
    groups = [tally[key].setdefault(name or NONE, _group()) for key, name in (("agents", agent), ("macros", macro))]
    for group in (tally, *groups):  # the whole export, its agent and its macro count a message alike
        group["messages"] += 1
        group["flagged"] += bool(findings)
        group["findings"] += len(findings)
        group["score_sum"] += score
        group["bins"][band(score)] += 1
        for rule in applies:
            pair = group["compliance"].setdefault(rule, [0, 0])
            pair[0] += 1
            pair[1] += rule in complies
    if day is not None:
        when = tally["days"].setdefault(day, {"messages": 0, "flagged": 0, "findings": 0, "score_sum": 0})
        when["messages"] += 1
        when["flagged"] += bool(findings)
        when["findings"] += len(findings)
        when["score_sum"] += score
    seen: set[str] = set()
    for f in findings:
        rule = tally["rules"].setdefault(
            f.rule, {"findings": 0, "messages": 0, "errors": 0, "warnings": 0, "infos": 0, "ordering": f.ordering}
        )
        rule["findings"] += 1
        rule[{"error": "errors", "warning": "warnings", "info": "infos"}[f.severity]] += 1
        if f.rule not in seen:
            rule["messages"] += 1
            seen.add(f.rule)
        if f.replacement is not None:
            key = SEP.join((f.rule, " ".join(f.matched.lower().split()), f.replacement))
            tally["rewrites"][key] = tally["rewrites"].get(key, 0) + 1


def add_example(tally: Tally, finding: Finding, text: str, message: int, record: int, score: int) -> None:
    """Keep `finding` in `text` as one of its rule's examples, while the rule has fewer than it shows."""
    kept = tally["examples"].setdefault(finding.rule, [])
    if len(kept) >= EXAMPLES_PER_RULE:
        return
    lo = max(0, finding.start - EXAMPLE_REACH)
    hi = min(len(text), finding.end + EXAMPLE_REACH)
    head, tail = ("…" if lo else ""), ("…" if hi < len(text) else "")
    shown = head + text[lo:hi] + tail
    start = finding.start - lo + len(head)
    end = min(finding.end, hi) - lo + len(head)
    kept.append([message, record, shown, start, end, finding.matched, finding.suggestion or "", score])


def wants_example(tally: Tally, rule: str) -> bool:
    return len(tally["examples"].get(rule, ())) < EXAMPLES_PER_RULE


def merge(into: Tally, other: Tally) -> Tally:
    """Add `other` (a later partition's) to `into`."""
    for key in ("records", "unreadable", "messages", "flagged", "findings", "words", "score_sum"):
        into[key] += other[key]
    into["first_unreadable"] = into["first_unreadable"] or other["first_unreadable"]
    _add_bins(into["bins"], other["bins"])
    _add_pairs(into["compliance"], other["compliance"])
    for key in ("agents", "macros"):
        for name, group in other[key].items():
            mine = into[key].setdefault(name, _group())
            for field in ("messages", "flagged", "findings", "score_sum"):
                mine[field] += group[field]
            _add_bins(mine["bins"], group["bins"])
            _add_pairs(mine["compliance"], group["compliance"])
    for day, counts in other["days"].items():
        mine = into["days"].setdefault(day, {"messages": 0, "flagged": 0, "findings": 0, "score_sum": 0})
        for field, n in counts.items():
            mine[field] += n
    for rule, counts in other["rules"].items():
        mine = into["rules"].get(rule)
        if mine is None:
            into["rules"][rule] = dict(counts)
            continue
        for field in ("findings", "messages", "errors", "warnings", "infos"):
            mine[field] += counts[field]
    for key, n in other["rewrites"].items():
        into["rewrites"][key] = into["rewrites"].get(key, 0) + n
    for rule, examples in other["examples"].items():
        kept = into["examples"].setdefault(rule, [])
        kept.extend(examples[: max(0, EXAMPLES_PER_RULE - len(kept))])
    return into


def _add_bins(into: list[int], other: list[int]) -> None:
    for i, n in enumerate(other):
        into[i] += n


def _add_pairs(into: dict[str, list[int]], other: dict[str, list[int]]) -> None:
    for rule, (applies, complies) in other.items():
        pair = into.setdefault(rule, [0, 0])
        pair[0] += applies
        pair[1] += complies
