"""A phrasebook file's own diagnostics: the examples of its rules and moves that fail, as `lexlint test`
reports them (the phrasebook layered as `check` layers it), each at the rule or move it belongs to. An
error that stops the phrasebook loading is the configuration's error, reported by the server at the
line and column it names."""

from __future__ import annotations

from typing import NamedTuple

from lexlint import selftest
from lexlint.rulebook.phrasebook import Phrasebook


class Problem(NamedTuple):
    line: int  # 1-based, as the phrasebook's marks are
    column: int
    message: str


def failing_examples(book: Phrasebook, path: str) -> list[Problem]:
    """What `lexlint test` says of the rules and moves written in `path`, one problem per failure."""
    out = []
    for failure in selftest.run(book, (path,)).failures:
        origin = failure.entry.origin
        where = f"{origin.path}:{origin.line}:{origin.column}: "
        said = str(failure)
        out.append(Problem(origin.line, origin.column, said.removeprefix(where)))
    return out
