"""Rewrites that read as written, and the moves real replies use: every bundled bad example and every
corpus finding with a suggestion is checked for the defects a writer could not paste (an ellipsis, a
placeholder's mask, a doubled word, a/an that disagrees), and the wordings of next steps, empathy and
letter form that real support text uses are read as such."""

from __future__ import annotations

import json
import re

import pytest

from lexlint import lint_text
from lexlint.checks.rewrite import article_for
from lexlint.rulebook.phrasebook import load_phrasebooks
from lexlint.sources import ReadOptions, read_text

from conftest import ROOT, lexlint

EMPATHY = "empathy-before-fix"
_ARTICLE = re.compile(r"\b([Aa]n?) ([A-Za-z][\w'-]*)")
_DOUBLED = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)


def defects(suggestion: str, replacement: str | None) -> list[str]:
    """What makes a suggested sentence one a writer cannot paste as it is."""
    found = []
    if replacement is not None and ("…" in replacement or "..." in replacement):
        found.append("an ellipsis pasted into the sentence")
    if re.search(r"\bXx{3,}\b", suggestion):
        found.append("a placeholder shown as its mask")
    for m in _DOUBLED.finditer(suggestion):
        if m.group(1).lower() not in {"had", "that", "very", "so", "no"}:
            found.append(f"doubled word {m.group(1)!r}")
    if replacement:
        for m in _ARTICLE.finditer(replacement):
            if article_for(m.group(2)) != m.group(1).lower():
                found.append(f"{m.group(1)} {m.group(2)}")
    return found


def _bundled_bad_examples() -> list[tuple[str, str]]:
    book = load_phrasebooks()
    return [(e.id, text) for e in book.entries for text in e.bad]


@pytest.mark.parametrize("rule,text", _bundled_bad_examples())
def test_every_bundled_rewrite_reads_as_written(rule, text):
    for f in lint_text(text):
        if f.rule == rule and f.suggestion:
            assert defects(f.suggestion, f.replacement) == [], (text, f.suggestion)


def test_every_corpus_suggestion_reads_as_written(corpus):
    bad = []
    for name in ("twcs_agent_replies.jsonl", "paysend_macros.json", "brand_replies_spotifycares.csv"):
        out = lexlint("check", str(corpus / name), "--format", "json", "--fail-on", "never", "--no-cache")
        for f in json.loads(out.out)["findings"]:
            if f["suggestion"] and f["fix"] != "none":  # a rewritten sentence, not advice
                bad += [(name, f["line"], f["rule"], d) for d in defects(f["suggestion"], None)]
    assert bad == []


def test_an_advising_entry_offers_a_line_and_never_rewrites():
    found = [f for f in lint_text("I'm afraid there's nothing I can do.") if f.rule == "cant-help"]
    assert found and found[0].fix == "none" and found[0].replacement is None
    assert found[0].suggestion.startswith("Say what you can do") and "e.g. “" in found[0].suggestion


def test_a_sentence_with_two_findings_gets_one_suggestion_with_both_applied():
    found = lint_text("You owe $40 on this account, so you need to pay it before Friday.")
    suggestions = {f.suggestion for f in found if f.rule in ("you-owe", "you-need-to")}
    assert suggestions == {"Our records show a balance of $40 on this account, so please pay it before Friday."}


def test_a_placeholder_in_a_suggestion_is_shown_as_written():
    [owe] = [f for f in lint_text("You owe {{ticket.balance}} on this account.") if f.rule == "you-owe"]
    assert owe.suggestion == "Our records show a balance of {{ticket.balance}} on this account."


def test_a_question_rewrite_makes_the_sentence_a_question_and_back():
    [hold] = [f for f in lint_text("Please hold while I check your order.") if f.rule == "please-hold"]
    assert hold.suggestion == "May I briefly place you on hold while I check your order?"
    [sure] = [f for f in lint_text("Are you sure you entered the right password?") if f.rule == "are-you-sure-that"]
    assert sure.suggestion == "Let me check whether you entered the right password."


def test_articles_agree_with_the_words_a_rewrite_puts_in():
    from lexlint.checks.rewrite import agree_articles, fit_articles

    assert agree_articles("there is a early-termination charge") == "there is an early-termination charge"
    assert fit_articles("It is a fee.", 8, 11, "hourly fee") == (6, 11, "an hourly fee")


@pytest.mark.parametrize(
    "reply",
    [
        "Our app crashed for you? Which iOS version are you running?",
        "The update broke your login. Here's the fix: https://t.co/abc123",
        "The charge was wrong. Please reach out to our billing team and they'll sort it.",
        "The payment failed. We're looking into this now.",
        "Your bill is wrong again? Pls provide your account number within 24 hours.",  # texting spelling
        "The refund failed. A refund was provided for the canceled flight.",
    ],
)
def test_a_next_step_is_a_fix_so_only_empathy_is_missing(reply):
    found = [f for f in lint_text(reply) if f.rule == EMPATHY]
    assert len(found) == 1 and "no apology or word of understanding." in found[0].message


@pytest.mark.parametrize(
    "reply",
    [
        "Let us know if you run into any issues with the new version!",
        "That won't be an issue at all, enjoy the trip!",
        "Sounds like I'm missing out over there! Enjoy the show.",
        "Take a break and enjoy the new playlist.",
    ],
)
def test_no_problem_is_read_into_hypotheticals_negations_and_look_alikes(reply):
    assert [f for f in lint_text(reply) if f.rule == EMPATHY] == []


@pytest.mark.parametrize(
    "context,fires",
    [
        ("", True),  # no customer's message: read as an answer to thanks, as before
        ("Thanks so much for sorting my refund!", True),
        ("thx for the help", True),
        ("Can I change the date of my booking?", False),  # "No worries" reassures an answer to a question
    ],
)
def test_no_problem_answers_thanks_when_the_customers_message_is_known(context, fires):
    found = [f for f in lint_text("No worries! Your booking is changed.", context=context) if f.rule == "no-problem"]
    assert bool(found) == fires


def test_an_entry_that_answers_an_unknown_move_is_a_phrasebook_error(tmp_path):
    book = tmp_path / "acme.yaml"
    book.write_text(
        "entries:\n  - id: cheers\n    avoid: [cheers]\n    answers: [gratitude]\n    why: w\n", encoding="utf-8"
    )
    result = lexlint("check", "-", "-p", str(book), stdin="Cheers")
    err = result.err
    assert result.code == 2 and "acme.yaml:4:" in err and "unknown move 'gratitude'" in err


@pytest.mark.parametrize(
    "reply",
    [
        "DM us, and we'll look into this deeper. https://t.co/abc123",  # setting out to investigate answers a problem
        "Hey there! Can you DM us your account's email address? We'll take a look under the hood.",
        "Which iOS is this occurring on? Let us know and we'll take it from there.",
    ],
)
def test_a_reply_that_investigates_answers_a_problem_so_empathy_is_missing(reply):
    found = [f for f in lint_text(reply) if f.rule == EMPATHY]
    assert len(found) == 1 and "no apology or word of understanding." in found[0].message


@pytest.mark.parametrize(
    "reply,context",
    [
        ("We're glad to hear you got it working now. Just get back to us if it happens again.", ""),
        ("Great! We're happy this issue has been resolved. Reach out any time.", ""),
        (
            "We loved having you on board and look forward to seeing you again!",
            "Fantastic crew, no lost bags on tight connections. Thank you!",
        ),
        ("That's troubling to hear. Please contact our team so we can investigate.", "I got sick after eating there."),
    ],
)
def test_settled_replies_and_empathy_in_other_words_are_not_findings(reply, context):
    assert [f for f in lint_text(reply, context=context) if f.rule == EMPATHY] == []


def test_an_avoid_pattern_may_carry_its_own_rewrite():
    [need] = [f for f in lint_text("For that, you'd need to erase the device first.") if f.rule == "you-need-to"]
    assert need.suggestion == "For that, you can erase the device first."  # a condition, not an order
    [order] = [f for f in lint_text("You need to erase the device first.") if f.rule == "you-need-to"]
    assert order.suggestion == "Please erase the device first."


@pytest.mark.parametrize(
    "avoid,error",
    [
        ("[{try: x}]", "needs 'pattern'"),
        ("[{pattern: you owe, try: x, why: y}]", "unknown key 'why'"),
        ("[{pattern: you owe, try: 'owe {amount}'}]", "no avoid pattern captures"),
        ("[{pattern: you owe, try: 'we …'}]", "holds an ellipsis"),
    ],
)
def test_an_avoid_pattern_with_its_own_rewrite_is_checked_as_any_try(tmp_path, avoid, error):
    book = tmp_path / "acme.yaml"
    book.write_text(f"entries:\n  - id: owe\n    avoid: {avoid}\n    why: w\n", encoding="utf-8")
    result = lexlint("check", "-", "-p", str(book), stdin="You owe $4.")
    err = result.err
    assert result.code == 2 and "acme.yaml:3:" in err and error in err, err


def test_a_rules_unless_moves_are_the_messages_own_and_count_whatever_other_rules_ask(tmp_path):
    book = tmp_path / "acme.yaml"
    book.write_text(
        "extends: [moves]\nsequences:\n"
        "  - {id: warm-close, when: [settled], require: [closing], why: w}\n"
        "  - {id: empathy-unless-thanks, when: [problem], unless: [thanks], require: [empathy], why: w}\n",
        encoding="utf-8",
    )
    settled = "We're glad to hear it's working now. I've issued a refund for the missing item."
    # another rule asking for `settled` must not bring empathy-first back
    assert EMPATHY not in {f.rule for f in lint_text(settled, [str(book)])}
    reply = "The charger was missing, so I've shipped a new one."
    fired = {f.rule for f in lint_text(reply, [str(book)], context="Thanks for the update")}
    assert "empathy-unless-thanks" in fired  # the customer's thanks is not the reply's


def test_no_thanks_is_not_thanks():
    found = [
        f
        for f in lint_text(
            "No worries! Your bill is right.", context="No thanks, I don't want that. Why is my bill high?"
        )
        if f.rule == "no-problem"
    ]
    assert found == []


def test_an_apology_in_the_reply_means_there_was_a_problem():
    strict = str(ROOT / "tests" / "fixtures" / "phrasebooks" / "empathy-and-fix.yaml")
    found = [f for f in lint_text("So sorry to hear that.", [strict]) if f.rule == "empathy-and-fix"]
    assert len(found) == 1 and "no next step" in found[0].message


@pytest.mark.parametrize(
    "title,rules",
    [
        ("Wrap (ver 2)", set()),
        ("Delay (chat)", set()),
        ("Delay (email)", {"greeting-first"}),
        ("Delay", set()),
        ("Have you sent me this email", set()),  # a title about an email, not an email macro
        ("Delay - email", {"greeting-first"}),
    ],
)
def test_a_macro_is_held_to_letter_form_only_when_it_is_a_letter(default_linter, title, rules):
    body = "Your transfer is on its way. It should arrive tomorrow. The bank may take a day longer."
    segments = read_text("macros.json", json.dumps({title: body}), ReadOptions())
    found = {f.rule for f in default_linter.lint(segments)}
    assert found & {"greeting-first", "closing-last"} == rules


def test_a_macro_that_opens_with_a_greeting_is_a_letter_whatever_its_mark(default_linter):
    body = "Dear Customer,\n\nYour transfer is on its way."
    segments = read_text("macros.json", json.dumps({"Transfer": body}), ReadOptions())
    assert "closing-last" in {f.rule for f in default_linter.lint(segments)}


def test_configuration_says_how_a_library_marks_its_channels(tmp_path):
    (tmp_path / "lexlint.yaml").write_text("channels: {email: [letter, mail]}\n", encoding="utf-8")
    body = "Your transfer is on its way. It should arrive tomorrow. The bank may take a day longer."
    (tmp_path / "macros.json").write_text(json.dumps({"Transfer [mail]": body}), encoding="utf-8")
    out = lexlint("check", str(tmp_path / "macros.json"), "--format", "json", "--fail-on", "never", "--no-cache")
    assert "greeting-first" in {f["rule"] for f in json.loads(out.out)["findings"]}
    (tmp_path / "lexlint.yaml").write_text("channels: {fax: [x]}\n", encoding="utf-8")
    out = lexlint("check", str(tmp_path / "macros.json"), "--no-cache")
    assert out.code == 2 and "lexlint.yaml:1" in out.err
