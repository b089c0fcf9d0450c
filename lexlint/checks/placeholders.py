"""Placeholders: a malformed placeholder anywhere, and in a draft about to be sent, any placeholder or
fill-in blank left in (`{{first_name}}`, `[Customer Name]`, `XXXX`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lexlint.findings import Hit
from lexlint.rulebook.builtins import builtin
from lexlint.sources import templates

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from lexlint.rulebook.phrasebook import Phrasebook
    from lexlint.sources.segments import Segment

KIND = "placeholders"
MALFORMED = "malformed-placeholder"
LEFTOVER = "leftover-placeholder"


def _hit(rule_id: str, span: tuple[int, int]) -> Hit:
    rule = builtin(rule_id)
    return Hit(rule.id, rule.severity, span[0], span[1], rule.message)


def prepare(book: Phrasebook, nlp: Language) -> None:
    """Nothing to build: the rules are lexlint's own."""


def check(doc: Doc, segment: Segment, state: None) -> Iterator[Hit]:
    malformed = templates.malformed(segment.text)
    for span in malformed:
        yield _hit(MALFORMED, span)
    if segment.draft:
        for span in sorted(set(segment.placeholders) | set(templates.blanks(segment.text)) - set(malformed)):
            yield _hit(LEFTOVER, span)
