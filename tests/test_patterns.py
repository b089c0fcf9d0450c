"""The phrase mini-language, through a real phrasebook and the real pipeline."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from lexlint import lint_text
from lexlint.rulebook.patterns import SLOT_STOP


@pytest.fixture
def book(tmp_path):
    def write(entries: str) -> str:
        path = tmp_path / "book.yaml"
        path.write_text("entries:\n" + textwrap.indent(textwrap.dedent(entries), "  "), encoding="utf-8")
        return str(path)

    return write


def matched(text: str, path: str) -> list[str]:
    return [f.matched for f in lint_text(text, [path], default=False)]


def test_lemmas_and_case(book):
    path = book('- {id: owe, avoid: ["you owe"], why: w}\n')
    assert matched("YOU OWED us.", path) == ["YOU OWED"]
    assert matched("You owes", path) == ["You owes"]
    assert matched("your owl", path) == []


def test_contractions_match_full_forms(book):
    path = book(
        """\
        - {id: cant, avoid: ["I can't help"], why: w}
        - {id: youd, avoid: ["you'd"], why: w}
        - {id: well, avoid: ["we will"], why: w}
        """
    )
    assert matched("I cannot help. I can not help. I can’t help.", path) == [
        "I cannot help",
        "I can not help",
        "I can’t help",
    ]
    assert matched("you would, you had, you’d", path) == ["you would", "you had", "you’d"]
    assert matched("We'll see", path) == ["We'll"]


def test_optional_alternatives_gap_and_exact(book):
    path = book(
        """\
        - {id: a, avoid: ["please (kindly) [wait|hold on]"], why: w}
        - {id: b, avoid: ["sorry ... inconvenience"], why: w}
        - {id: c, avoid: ["=relax"], why: w}
        - {id: d, avoid: ["thanks (a lot|so much)"], why: w}
        """
    )
    assert matched("Please wait. Please kindly hold on.", path) == ["Please wait", "Please kindly hold on"]
    assert matched("sorry for the inconvenience", path) == ["sorry for the inconvenience"]
    assert matched("sorry. The inconvenience", path) == []  # a gap stays inside its sentence
    assert matched("Relax. I relaxed.", path) == ["Relax"]
    assert matched("thanks so much", path) == ["thanks so much"]


def test_slot_is_captured_and_reused(book):
    path = book('- {id: owe, avoid: ["you owe {amount}"], try: "our records show a balance of {amount}", why: w}\n')
    (finding,) = lint_text("Hi, you owe 40 EUR for May.", [path], default=False)
    assert finding.matched == "you owe 40 EUR"
    assert finding.suggestion == "Hi, our records show a balance of 40 EUR for May."


def test_unless_suppresses_only_inside(book):
    path = book('- {id: hold, avoid: ["please hold"], unless: ["please hold onto"], why: w}\n')
    assert matched("Please hold onto it.", path) == []
    assert matched("Please hold.", path) == ["Please hold"]


def test_sentence_anchor(book):
    path = book('- {id: np, avoid: ["^ no problem"], why: w}\n')
    assert matched("No problem!", path) == ["No problem"]
    assert matched("There is no problem.", path) == []


def test_sentence_anchor_comes_after_leading_mentions(book):
    """A tweet or chat reply names whom it answers first: "@jo_b No problem!" starts with "No problem"."""
    path = book('- {id: np, avoid: ["^ no problem"], why: w}\n')
    assert matched("@jo_b No problem!", path) == ["No problem"]
    assert matched(".@jo_b No problem!", path) == ["No problem"]
    assert matched("@820715 @AppleSupport No problem. Thanks @jo, no problem.", path) == ["No problem"]
    assert matched("jo@example.com no problem.", path) == []  # an e-mail address is no mention


def test_raw_spacy_token_pattern(book):
    path = book('- {id: raw, avoid: [[{LOWER: "refund"}, {IS_DIGIT: true}]], why: w}\n')
    assert matched("refund 42 today", path) == ["refund 42"]


def test_raw_patterns_read_lexical_attributes_of_words_already_met(book, tmp_path):
    """The bundled book reads few of spaCy's lexical attributes, so its pipeline computes only those; a
    book whose raw patterns read others gets them, for words the first pipeline has met too."""
    text = "Call 555-0199 or mail jo@example.com, see https://example.com today. THANKS!"
    assert matched(text, book("- {id: plain, avoid: [today], why: w}\n")) == ["today"]
    raw = tmp_path / "raw.yaml"
    raw.write_text(
        "entries:\n"
        "  - {id: title, avoid: [[{IS_TITLE: true, IS_ASCII: true, LENGTH: 4}]], why: w}\n"
        '  - {id: shape, avoid: [[{SHAPE: "dddd"}]], why: w}\n'
        "  - {id: email, avoid: [[{LIKE_EMAIL: true}]], why: w}\n"
        "  - {id: url, avoid: [[{LIKE_URL: true}]], why: w}\n"
        '  - {id: norm, avoid: [[{NORM: "today"}]], why: w}\n'
        "  - {id: upper, avoid: [[{IS_UPPER: true}, {IS_PUNCT: true}]], why: w}\n",
        encoding="utf-8",
    )
    assert matched(text, str(raw)) == ["Call", "0199", "jo@example.com", "https://example.com", "today", "THANKS!"]


def test_rewrite_keeps_case(book):
    path = book('- {id: np, avoid: ["no problem"], try: "My pleasure", why: w}\n')
    assert [f.suggestion for f in lint_text("Sure, no problem.", [path], default=False)] == ["Sure, my pleasure."]
    assert [f.suggestion for f in lint_text("No problem.", [path], default=False)] == ["My pleasure."]
    assert [f.suggestion for f in lint_text("NO PROBLEM", [path], default=False)] == ["MY PLEASURE"]


# ---- slots and `unless`, as the docs' phrasebook page states them -------------------------------------

PHRASEBOOK_DOCS = Path(__file__).resolve().parent.parent / "docs" / "phrasebooks.md"
OWE = '- {id: owe, avoid: ["you owe {amount}"], why: w}\n'  # no rewrite: the matched words are the slot's


def docs_paragraph(start: str) -> str:
    text = PHRASEBOOK_DOCS.read_text(encoding="utf-8")
    return text[text.index(start) :].split("\n\n")[0]


def suggested(text: str, path: str) -> list[str | None]:
    return [f.suggestion for f in lint_text(text, [path], default=False)]


def test_the_docs_list_every_word_a_slot_stops_at():
    slots = docs_paragraph("**Slots.**")
    listed = slots[slots.index("these words, in any case:") : slots.index("A slot that cannot take")]
    assert set(re.findall(r"`([a-z]+)`", listed)) == {w for w in SLOT_STOP if w.isalpha()}


@pytest.mark.parametrize("word", sorted(w for w in SLOT_STOP if w.isalpha()))
def test_a_slot_stops_before_each_listed_word_in_any_case(book, word):
    path = book(OWE)
    assert matched(f"You owe 40 {word} 50.", path) == ["You owe 40"]
    assert matched(f"You owe 40 {word.upper()} 50.", path) == ["You owe 40"]
    assert matched(f"You owe {word} 50.", path) == []  # a slot that cannot take a token is no match


def test_a_slot_takes_one_to_six_tokens_as_many_as_it_can(book):
    path = book(OWE)
    assert matched("You owe a b c d e f g h.", path) == ["You owe a b c d e f"]
    assert matched("You owe $40.12 today.", path) == ["You owe $40.12"]
    assert matched("You owe $40.12 a b c d e f", path) == ["You owe $40.12 a b c d"]  # "$" and "40.12"
    assert matched("You owe don't a b c d e f", path) == ["You owe don't a b c d"]  # "do" and "n't"
    found = [f.matched for f in lint_text("You owe {{balance}} a b c d e f g", [path], default=False)]
    assert "You owe {{balance}} a b c d e" in found  # a placeholder is one token


def test_a_slot_never_takes_punctuation_or_a_line_break_but_takes_symbols(book):
    path = book(OWE)
    said = docs_paragraph("**Slots.**")
    marks = " ".join(re.findall(r"`([^`a-z]+)`", said[said.index("punctuation (") : said.index("a line break")]))
    assert len(marks.split()) == 21
    for mark in marks.split():
        assert matched(f"You owe 40 {mark} 50", path) == ["You owe 40"], mark
    assert matched("You owe, as agreed, 40.", path) == []
    assert matched("You owe 40\nThanks", path) == ["You owe 40"]
    assert matched("You owe\n\n40", path) == []
    assert matched("You owe 40. Thanks", path) == ["You owe 40"]
    assert matched("You owe €40 + 5 today", path) == ["You owe €40 + 5"]


def test_a_slot_after_an_optional_part_leaves_it_the_words_it_can_take(book):
    """Once, "restart (your) {device}" captured "your phone" from "restart your phone", and the rewrite
    read "try restarting your your phone"."""
    path = book(
        """\
        - {id: one, avoid: ["restart (your) {device}"], try: "try restarting your {device}", why: w}
        - {id: alt, avoid: ["reboot (your|the) {device}"], try: "try rebooting your {device}", why: w}
        - {id: two, avoid: ["reset (your own) {device}"], try: "try resetting your {device}", why: w}
        - {id: desk, avoid: ["call (the) {who} desk"], try: "ask {who}", why: w}
        """
    )
    assert suggested("Please restart your phone.", path) == ["Please try restarting your phone."]
    assert suggested("Please restart phone.", path) == ["Please try restarting your phone."]
    assert suggested("Reboot the router.", path) == ["Try rebooting your router."]
    assert suggested("Reset your own phone.", path) == ["Try resetting your phone."]
    assert suggested("Call the desk.", path) == ["Ask the."]  # else the slot would be empty: it takes "the"


def test_unless_drops_a_match_only_when_one_unless_match_covers_all_of_it(book):
    path = book(
        """\
        - {id: part, avoid: ["you owe {amount}"], unless: ["owe it to yourself"], why: w}
        - {id: whole, avoid: ["you owe {amount}"], unless: ["you owe it to yourself"], why: w}
        - {id: wider, avoid: ["please hold"], unless: ["can you please hold (on) (a) (moment)"], why: w}
        """
    )
    found = [(f.rule, f.matched) for f in lint_text("You owe it to yourself.", [path], default=False)]
    assert found == [("part", "You owe it")]  # the unless match starts a word later: it does not cover it
    assert matched("Can you please hold on a moment?", path) == []  # reaching further on both sides is fine
    assert matched("Please hold. Can you please hold?", path) == ["Please hold"]  # only the one it covers


def test_unless_is_an_entrys_own_and_an_anchored_one_counts_at_a_sentence_start(book):
    path = book(
        """\
        - {id: hold, avoid: ["please hold"], unless: ["^ please hold on"], why: w}
        - {id: also, avoid: ["please hold"], why: w}
        """
    )
    found = {(f.rule, f.matched) for f in lint_text("Please hold on.", [path], default=False)}
    assert found == {("also", "Please hold")}  # `also` has no unless: hold's does not drop its match
    mid = {(f.rule, f.matched) for f in lint_text("Well, please hold on.", [path], default=False)}
    assert mid == {("hold", "please hold"), ("also", "please hold")}  # `^`: not at a sentence start
