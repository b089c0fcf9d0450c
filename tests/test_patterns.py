"""The phrase mini-language, through a real phrasebook and the real pipeline."""

from __future__ import annotations

import textwrap

import pytest

from lexlint import lint_text


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
