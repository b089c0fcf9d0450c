"""Small replies written by the tests themselves, so that cache and worker behaviour is tested anywhere."""

from __future__ import annotations

import json
from pathlib import Path

# Invented replies: five with findings (you-owe, you-need-to, please-hold, no-problem, unfortunately,
# our-policy, as-i-said) and three without any.
SENTENCES = (
    "Thanks for writing in. Your parcel left our depot this morning.",
    "You owe $12 on this account. You need to pay it before Friday.",
    "Please hold while I check the order.",
    "No problem! The refund is on its way.",
    "Unfortunately we can't do that. It's our policy.",
    "Sorry for the wait, Dana. I've reset the router from here; it should blink green in a minute.",
    "As I said before, you have to restart the app.",
    "Thanks for your patience. The new card ships on Monday.",
)


def reply(number: int) -> str:
    """Reply `number`: one of the sentences, told apart from the others by its reference."""
    return f"{SENTENCES[number % len(SENTENCES)]} Your reference is {1000 + number}."


def letter(number: int) -> str:
    """Reply `number` as a whole message, with the greeting and closing a message file is checked for."""
    return f"Hi there,\n\n{reply(number)}\n\nAnything else, just reply here.\n\nBest,\nJo\n"


def write_replies(folder: Path, count: int) -> Path:
    """`count` replies in `folder`, as reply-0000.txt, reply-0001.txt, ..."""
    folder.mkdir(parents=True)
    for number in range(count):
        (folder / f"reply-{number:04d}.txt").write_text(letter(number), encoding="utf-8")
    return folder


def write_reply_rows(path: Path, count: int) -> Path:
    """`count` replies as rows of one JSONL export, each with its text and an id."""
    rows = (json.dumps({"id": number, "text": reply(number)}) for number in range(count))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
