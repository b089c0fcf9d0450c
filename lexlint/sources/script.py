"""Phone and chat scripts (.txt/.md with speaker labels like `Agent:` and `Customer:`).

Only the agent's turns are linted, one segment each; the customer's turn before becomes its context.
Picked over the text and Markdown readers when a file has both an agent and a customer label."""

from __future__ import annotations

import re

from lexlint.sources import ReadOptions
from lexlint.sources._located import blank_out
from lexlint.sources._mdmask import non_prose
from lexlint.sources._segment import make_segment
from lexlint.sources.segments import OffsetMap, Segment
from lexlint.sources.writeback import PLAIN

NAME = "script"
EXTENSIONS = (".txt", ".text", ".md", ".markdown")
rewrites = PLAIN
AGENT = ("agent", "rep", "representative", "support", "advisor", "associate", "operator")
CUSTOMER = ("customer", "caller", "client", "user", "guest", "visitor")
LABEL = re.compile(
    rf"^[ \t]*(?:\*\*|__)?(?P<who>{'|'.join(AGENT + CUSTOMER)})(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*",
    re.M | re.I,
)


def sniff(text: str) -> bool:
    speakers = {m.group("who").lower() in AGENT for m in LABEL.finditer(text, 0, 200_000)}
    return speakers == {True, False}


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    markdown = path.lower().endswith((".md", ".markdown"))
    prose = blank_out(text, non_prose(text)) if markdown else text
    labels = list(LABEL.finditer(text))
    channel = "phone" if any(m.group("who").lower() == "caller" for m in labels) else "chat"
    segments, context = [], options.context
    for k, m in enumerate(labels):
        start, end = m.end(), labels[k + 1].start() if k + 1 < len(labels) else len(text)
        turn = prose[start:end]
        if m.group("who").lower() not in AGENT:
            context = turn.strip()
            continue
        if turn.strip():
            line = text.count("\n", 0, m.start()) + 1
            offsets = OffsetMap.identity(len(turn), start)
            name = f"{m.group('who')} line {line}"
            segments.append(
                make_segment(path, text, turn, offsets, (start, end), name=name, channel=channel, context=context)
            )
    return segments
