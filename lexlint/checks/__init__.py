"""Rule kinds: doc in, hits out. One module per kind, listed in `KINDS`.

A kind is a module with `KIND`, `prepare(book, nlp) -> state` (built once per phrasebook) and
`check(doc, segment, state) -> Iterable[Hit]`. To add one: write the module, add its line to `KINDS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from lexlint.findings import Hit
    from lexlint.rulebook.phrasebook import Phrasebook
    from lexlint.sources.segments import Segment


class CheckKind(Protocol):
    KIND: str

    def prepare(self, book: Phrasebook, nlp: Language) -> Any: ...

    def check(self, doc: Doc, segment: Segment, state: Any) -> Iterable[Hit]: ...


KINDS: dict[str, str] = {  # KIND -> module, in the order their hits are gathered
    "phrases": "lexlint.checks.phrases",
    "placeholders": "lexlint.checks.placeholders",
    "sequences": "lexlint.checks.sequences",
}


def kinds() -> list[CheckKind]:
    return [cast("CheckKind", importlib.import_module(module)) for module in KINDS.values()]


if TYPE_CHECKING:  # mypy checks each registered kind against the contract
    from lexlint.checks import phrases, placeholders, sequences

    _REGISTERED: tuple[CheckKind, ...] = (phrases, placeholders, sequences)
