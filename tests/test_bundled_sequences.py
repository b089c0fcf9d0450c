"""Every bundled sequence's examples (default and opt-in profiles): each bad one fires it, no good one does.
Examples are read as a text file is, so `{{first_name}}` is masked as it would be in a draft."""

from __future__ import annotations

import pytest

from lexlint.engine import Linter
from lexlint.rulebook.phrasebook import load_phrasebooks
from lexlint.rulebook.resources import profile_names
from lexlint.sources import ReadOptions, read_text

BOOK = load_phrasebooks(profiles=profile_names())
BAD = [(s.id, text) for s in BOOK.sequences for text in s.bad]
GOOD = [(s.id, text) for s in BOOK.sequences for text in s.good]


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(BOOK)


def fired(linter: Linter, text: str) -> set[str]:
    return {f.rule for f in linter.lint(read_text("example.txt", text, ReadOptions()))}


def test_every_sequence_is_documented_and_exemplified():
    for seq in BOOK.sequences:
        assert seq.why, seq.id
        assert len(seq.bad) >= 2, f"{seq.id}: needs two bad examples"
        assert seq.good, f"{seq.id}: needs a good example"


def test_every_move_has_an_example_line():
    for move in BOOK.moves:
        assert move.example, move.name


@pytest.mark.parametrize(("rule", "text"), BAD, ids=[f"{r}:{t[:30]}" for r, t in BAD])
def test_bad_example_fires(linter, rule, text):
    assert rule in fired(linter, text)


@pytest.mark.parametrize(("rule", "text"), GOOD, ids=[f"{r}:{t[:30]}" for r, t in GOOD])
def test_good_example_is_clean(linter, rule, text):
    assert rule not in fired(linter, text)
