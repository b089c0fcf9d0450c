"""Which column (or field) of a helpdesk export plays each role: the reply's text, and optionally who sent it,
the macro it came from, when, on which channel, in which ticket, and the customer's message it answers.
Chosen by the flags, else the config's `audit: {columns: …}`, else the first of the usual names the
export has (the same names `check` looks for in a CSV or JSON Lines file)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from lexlint.sources._fields import CONTEXT_FIELDS, TEXT_FIELDS, first_field
from lexlint.sources.jsonl import AUTHOR_FIELDS, TIME_FIELDS

# The names looked for when a role is not mapped; text and context as `check` reads a CSV or JSON Lines.
USUAL: dict[str, tuple[str, ...]] = {
    "text": (*TEXT_FIELDS, "plain_body", "html_body"),
    "agent": (*AUTHOR_FIELDS, "assignee", "assignee_id", "agent_name"),
    "macro": ("macro", "macro_id", "macro_title", "template", "template_id"),
    "time": (*TIME_FIELDS, "date"),
    "channel": ("channel", "via", "source"),
    "ticket": ("ticket_id", "ticket", "conversation_id", "case_id"),
    "context": CONTEXT_FIELDS,
    "id": ("id", "message_id", "comment_id", "tweet_id"),
}


@dataclass(frozen=True)
class Columns:
    """Role -> column name; None: the export has no such column (or it is not wanted)."""

    text: str | None = None
    agent: str | None = None
    macro: str | None = None
    time: str | None = None
    channel: str | None = None
    ticket: str | None = None
    context: str | None = None
    id: str | None = None

    @classmethod
    def chosen(cls, flags: Mapping[str, str | None], config: tuple[tuple[str, str], ...] = ()) -> Columns:
        """The flags' columns over the config's (`audit: {columns: …}`)."""
        named = dict(config)
        named.update({role: name for role, name in flags.items() if name})
        return cls(**{f.name: named.get(f.name) for f in fields(cls)})

    def fill(self, names: Mapping[str, object]) -> Columns:
        """Every role not chosen given the first usual name among `names` (an export's header or first
        record's keys); a chosen column is kept even where the export lacks it (the reader says so)."""
        found = {f.name: first_field(names, (), USUAL[f.name]) for f in fields(self) if getattr(self, f.name) is None}
        return replace(self, **found)

    def used(self) -> dict[str, str]:
        """Role -> column, for the roles with one."""
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name))}
