"""A message's score, 0 to 100, from its findings and its length; a group's score, the mean of its messages'.
The one place a score is worked out: `check`'s summaries (and `--min-score`), the audit's tables and the
server's JSON reporter all call `message_scores`/`message_score`.

The weights (docs/audit.md, "Scores", says the same to a user):

- A phrase finding (an entry, a placeholder) takes PHRASE_WEIGHTS[severity] points from a message of up to
  NORM_WORDS words, and proportionally less from a longer one: points × NORM_WORDS / max(words, NORM_WORDS).
  One finding per 75 words is the same density however long the message, as Acrolinx normalises its scores;
  a message shorter than 75 words is not held to more than one of 75 (a tweet with one slip is not worse off
  than a paragraph with one).
- An ordering finding (a sequence: empathy before the fix, the greeting first) takes
  ORDERING_WEIGHTS[severity] points whatever the length, once per rule and message at its highest severity: a
  message lacks empathy once, and a longer one lacks it no less. This is Zendesk QA's weighted category.
- An error is critical, as a critical category in Zendesk QA: a message with one scores at most CRITICAL_CAP
  (a customer who reads a raw placeholder is not served at 80 percent).
- The score is 100 less the points, at least 0, rounded down to a whole number: any finding costs at least a
  point, and a message with no findings scores 100.

Rules that speak of the file rather than the message (NOT_SCORED) take nothing."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from lexlint.findings import Finding

NORM_WORDS = 75
PHRASE_WEIGHTS = {"error": 25.0, "warning": 10.0, "info": 3.0}
ORDERING_WEIGHTS = {"error": 40.0, "warning": 20.0, "info": 6.0}
CRITICAL_CAP = 50.0
PERFECT = 100.0
NOT_SCORED = frozenset({"unused-suppression"})  # a directive that suppresses nothing: the file's, not the reader's

# A word as the score counts it: letters or digits, with an apostrophe inside ("don't", "it's" are one).
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> int:
    """How many words `text` holds, as the score's length counts them."""
    return sum(1 for _ in _WORD.finditer(text))


def message_score(findings: Iterable[Finding], n_words: int) -> int:
    """The score of one message of `n_words` words with these findings (the findings of that message only)."""
    points = 0.0
    ordering: dict[str, float] = {}
    critical = False
    scale = NORM_WORDS / max(n_words, NORM_WORDS)
    for f in findings:
        if f.rule in NOT_SCORED:
            continue
        critical = critical or f.severity == "error"
        if f.ordering:
            ordering[f.rule] = max(ordering.get(f.rule, 0.0), ORDERING_WEIGHTS[f.severity])
        else:
            points += PHRASE_WEIGHTS[f.severity] * scale
    score = max(0.0, PERFECT - points - sum(ordering.values()))
    return math.floor(min(score, CRITICAL_CAP) if critical else score)


class MessageScore(NamedTuple):
    """A message that has findings, and its score."""

    path: str
    message_at: int  # where the message starts in its file (Finding.message_at)
    name: str | None
    score: int


def message_scores(findings: Iterable[Finding]) -> list[MessageScore]:
    """The score of each message that has findings, in the order they are first found; every other message
    scores 100. A message is known by its file and where it starts there."""
    by_message: dict[tuple[str, int], list[Finding]] = {}
    for f in findings:
        by_message.setdefault((f.path, f.message_at), []).append(f)
    return [
        MessageScore(path, at, found[0].name, message_score(found, found[0].message_words))
        for (path, at), found in by_message.items()
    ]


def lowest(findings: Iterable[Finding]) -> int:
    """The lowest score of any message with these findings: 100 when there are none. What `check`'s summary
    reports and `--min-score` compares."""
    return min((s.score for s in message_scores(findings)), default=int(PERFECT))


def mean(scores: Iterable[float]) -> float:
    """A group's score: its messages' mean, rounded to one decimal (100 for no messages)."""
    total = count = 0.0
    for s in scores:
        total += s
        count += 1
    return round(total / count, 1) if count else PERFECT
