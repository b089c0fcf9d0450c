"""Which field of an exported record (a JSON Lines row, a CSV header) holds the reply and which the
customer's message: the names looked for by default, and the first of them a record has."""

from __future__ import annotations

from collections.abc import Mapping

TEXT_FIELDS = ("text", "body", "message", "reply", "response", "content")
CONTEXT_FIELDS = ("customer_text", "context", "customer_message", "question")


def first_field(record: Mapping[str, object], chosen: tuple[str, ...], defaults: tuple[str, ...]) -> str | None:
    """The first of the chosen (else default) names that `record` has."""
    return next((name for name in chosen or defaults if name in record), None)
