"""Phone and chat scripts (.txt/.md with speaker labels like `Agent:` and `Customer:`).

A call is one message: the agent's turns are its text, in order, so the ordering rules (CICARE, a greeting
first and a goodbye last) judge the whole call, not each line as if it were one. The customer's turns are
left blank in that text (never linted) and kept as the call's turns: each agent turn answers the customer's
turn before it, and every customer turn is the context the call answers. Picked over the text and Markdown
readers when a file has both an agent and a customer label."""

from __future__ import annotations

import re
from dataclasses import replace

from lexlint.sources import ReadOptions
from lexlint.sources._located import blank_out
from lexlint.sources._mdmask import non_prose
from lexlint.sources._segment import make_segment
from lexlint.sources.segments import OffsetMap, Segment, Turn
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
    spoken: list[tuple[int, int]] = []  # the agent's turns: the call's own words
    turns: list[Turn] = []
    for k, m in enumerate(labels):
        start, end = m.end(), labels[k + 1].start() if k + 1 < len(labels) else len(text)
        turn = prose[start:end]
        if not turn.strip():
            continue
        agent = m.group("who").lower() in AGENT
        words = start + len(turn) - len(turn.lstrip()), start + len(turn.rstrip())
        turns.append(Turn(*words, agent, "" if agent else turn.strip()))
        if agent:
            spoken.append((start, end))
    if not spoken:
        return []
    # Everything but the agent's turns is blank, and each turn opens a paragraph of its own (its label's
    # first character stands in as a line break), so a turn never runs on into the next as one sentence.
    unspoken = [(a, b) for a, b in zip([0] + [e for _s, e in spoken], [s for s, _e in spoken] + [len(text)])]
    call = list(blank_out(prose, unspoken))
    for m in labels:
        call[m.start()] = "\n"
    said = [t.said for t in turns if not t.agent]
    context = "\n\n".join(filter(None, [options.context, *said]))
    segment = make_segment(
        path, text, "".join(call), OffsetMap.identity(len(text)), (0, len(text)), channel=channel, context=context
    )
    return [replace(segment, turns=tuple(turns))]
