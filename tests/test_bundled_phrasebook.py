"""Every bundled entry's examples: each bad one fires that entry, no good one does."""

from __future__ import annotations

import pytest

from lexlint.rulebook.phrasebook import load_phrasebooks
from lexlint.sources.segments import text_segment

BOOK = load_phrasebooks()
BAD = [(e.id, text) for e in BOOK.entries for text in e.bad]
GOOD = [(e.id, text) for e in BOOK.entries for text in e.good]
REWRITABLE = [(e.id, text) for e in BOOK.entries if e.fix != "none" for text in e.bad]


def fired(linter, text: str) -> list:
    return linter.lint([text_segment("example.txt", text)])


def test_every_entry_is_documented_and_exemplified():
    for entry in BOOK.entries:
        assert entry.why, entry.id
        assert len(entry.bad) >= 2, f"{entry.id}: needs two bad examples"
        assert len(entry.good) >= 2, f"{entry.id}: needs two good examples"


def test_every_bundled_move_is_exemplified_both_ways():
    """A move's examples are what `lexlint test` checks it against: sentences that carry it and look-alikes."""
    from lexlint.rulebook.resources import profile_names

    for move in load_phrasebooks(profiles=list(profile_names())).moves:
        assert move.carried_by and move.not_carried_by, f"move {move.name}: needs match and no_match examples"


@pytest.mark.parametrize(("rule", "text"), BAD, ids=[f"{r}:{t[:30]}" for r, t in BAD])
def test_bad_example_fires(default_linter, rule, text):
    assert rule in {f.rule for f in fired(default_linter, text)}


@pytest.mark.parametrize(("rule", "text"), GOOD, ids=[f"{r}:{t[:30]}" for r, t in GOOD])
def test_good_example_is_clean(default_linter, rule, text):
    assert rule not in {f.rule for f in fired(default_linter, text)}


@pytest.mark.parametrize(("rule", "text"), REWRITABLE, ids=[f"{r}:{t[:30]}" for r, t in REWRITABLE])
def test_suggestion_no_longer_fires(default_linter, rule, text):
    """Where an entry has a concrete rewrite, the rewritten sentence is clean of that entry."""
    finding = next(f for f in fired(default_linter, text) if f.rule == rule)
    assert finding.fix != "none" and finding.suggestion
    assert rule not in {f.rule for f in fired(default_linter, finding.suggestion)}


def test_the_issue_examples(default_linter):
    owe = [f for f in fired(default_linter, "You owe $40.12 on this account.") if f.rule == "you-owe"]
    assert len(owe) == 1
    assert owe[0].suggestion == "Our records show a balance of $40.12 on this account."
    assert owe[0].matched == "You owe $40.12"
    assert "you-need-to" in {f.rule for f in fired(default_linter, "You'll need to restart the app.")}
    assert fired(default_linter, "Please hold onto your receipt.") == []
    assert fired(default_linter, "There is no problem with your account.") == []


def test_a_match_inside_a_longer_one_is_not_a_second_finding(default_linter):
    rules = [f.rule for f in fired(default_linter, "For refunds you'll need to ask a manager.")]
    assert rules.count("ask-a-manager") == 1 and "you-need-to" not in rules


def test_a_rewrite_that_ends_a_sentence_keeps_its_stop(default_linter):
    (finding,) = [
        f for f in fired(default_linter, "Are you sure? Our tracking says delivered.") if f.rule == "are-you-sure"
    ]
    assert finding.replacement == "Thanks for letting me know. Let me look into that right away."
