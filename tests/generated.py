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


AGENTS = ("Ana", "Ben", "Chidi", "Dana", "Eli")
MACROS = ("refund-sent", "order-status", None)
CHANNELS = ("email", "chat", "twitter")
CUSTOMER = (
    "My order arrived broken and I want my money back.",
    "How do I change the email on my account?",
    "I was charged twice this month!",
    "",
)


def helpdesk_rows(count: int) -> list[dict[str, object]]:
    """`count` replies as a helpdesk exports them: text, agent, macro, time, channel, ticket and the
    customer's message, spread over five agents, three macros (one reply in three from none) and a month."""
    rows = []
    for number in range(count):
        rows.append(
            {
                "id": f"r{number}",
                "text": reply(number),
                "agent": AGENTS[number % len(AGENTS)],
                "macro": MACROS[number % len(MACROS)],
                "created_at": f"2024-03-{1 + number % 28:02d}T{number % 24:02d}:15:00Z",
                "channel": CHANNELS[number % len(CHANNELS)],
                "ticket_id": 5000 + number // 2,
                "customer_text": CUSTOMER[number % len(CUSTOMER)],
            }
        )
    return rows


def write_helpdesk_export(path: Path, count: int) -> Path:
    """`count` helpdesk rows as JSON Lines, CSV or Parquet, by the file's extension."""
    rows = helpdesk_rows(count)
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    elif path.suffix == ".csv":
        import csv

        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=64)
    return path
