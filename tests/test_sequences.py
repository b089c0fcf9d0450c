"""Ordering and structure: empathy before fix, hello and goodbye, the last word — through the real
bundled phrasebook, the real pipeline and the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexlint import lint_text
from lexlint.errors import PhrasebookError
from lexlint.rulebook.phrasebook import load_phrasebooks
from lexlint.rulebook.resources import profile_names
from lexlint.sources import ReadOptions, read_text

from conftest import lexlint

EMPATHY = "empathy-before-fix"


STRICT = str(Path(__file__).parent / "fixtures" / "phrasebooks" / "empathy-and-fix.yaml")


def strict_fired(text: str) -> list:
    """The findings of a company rule that requires both empathy and a next step."""
    return [f for f in lint_text(text, [STRICT]) if f.rule == "empathy-and-fix"]


def rules_fired(text: str, **kw: object) -> list:
    return [f for f in lint_text(text, **kw) if f.rule in {EMPATHY, "greeting-first", "closing-last"}]


def findings_of(path: str, text: str, **kw: object) -> list:
    """A file as `lexlint check` reads it (placeholders masked), through the default linter."""
    from lexlint.engine import Linter

    linter = Linter(load_phrasebooks(**kw))
    return linter.lint(read_text(path, text, ReadOptions()))


# ---- must show ---------------------------------------------------------------------------------


def test_fix_before_empathy_is_one_finding_on_the_fix():
    found = rules_fired("I've issued a refund. Sorry about the trouble.")
    assert [f.rule for f in found] == [EMPATHY]
    assert found[0].matched == "I've issued a refund."
    assert (found[0].line, found[0].column) == (1, 1)
    assert "before this sentence" in found[0].suggestion and "sorry" in found[0].suggestion.lower()


def test_fix_alone_misses_empathy():
    found = rules_fired("I've issued a refund for the missing item.")
    assert len(found) == 1 and "no apology or word of understanding" in found[0].message
    assert "apology" in found[0].suggestion


def test_empathy_alone_is_not_a_finding_of_the_bundled_rule():
    # the bundled rule asks for empathy, and for it first; a rule that also requires the fix is a company's
    assert rules_fired("I'm so sorry the charger was missing from your order.") == []


def test_empathy_alone_misses_the_fix_and_says_to_add_it_after():
    found = strict_fired("I'm so sorry the charger was missing from your order.")
    assert len(found) == 1 and "next step" in found[0].message
    assert "after this sentence" in found[0].suggestion
    assert "Could you send us your order number" in found[0].suggestion  # the example line from the move lexicon


def test_empathy_then_fix_is_clean():
    assert rules_fired("I'm so sorry the charger was missing. I've shipped a new one today; it arrives Thursday.") == []


def test_no_problem_no_empathy_rule():
    assert rules_fired("Thanks for the kind words! We're glad the new app works well for you.") == []


def test_a_stock_apology_is_reported_once_by_non_apology_not_again_as_no_empathy():
    found = rules_fired("We've sent a replacement lamp. Sorry for any inconvenience the broken lamp caused.")
    assert [f.rule for f in found] == [EMPATHY] and "before any apology" in found[0].message  # the fix came first
    found = rules_fired("Your order was late, and I'm sorry if you feel let down. We've refunded the shipping.")
    assert found == []
    assert [
        f.rule
        for f in lint_text("Your order was late, and I'm sorry if you feel let down. We've refunded the shipping.")
    ] == ["non-apology"]


def test_context_makes_a_problem_reply_but_never_a_finding():
    reply = "I've shipped a new charger today; it arrives Thursday."
    assert rules_fired(reply) == []
    found = rules_fired(reply, context="My package never arrived and the charger was missing!")
    assert len(found) == 1 and "empathy" in found[0].message
    assert found[0].matched in reply


def test_the_customers_greeting_does_not_make_the_reply_a_letter():
    """closing-last applies when the message opens with its own greeting (`when_in: [message]`): a customer's
    "Hi" does not hold the reply to a letter's closing, while the customer's problem still asks for empathy."""
    reply = "Your refund went through this morning. It should show on your card within three days."
    greeted = rules_fired(reply, context="Hi there, where is my refund? I have been waiting a week.")
    assert {f.rule for f in greeted} == {EMPATHY}
    own = rules_fired("Hi Sam,\n\n" + reply)
    assert "closing-last" in {f.rule for f in own}


def test_opening_straight_into_content_gets_a_greeting_finding(tmp_path):
    text = "Your order shipped today.\nIt should arrive on Thursday.\n\nLet me know if anything else comes up.\n"
    found = findings_of("draft.txt", text)
    greeting = [f for f in found if f.rule == "greeting-first"]
    assert len(greeting) == 1
    assert (greeting[0].line, greeting[0].column) == (1, 1) and greeting[0].matched == "Your"
    assert "Hi Sam," in greeting[0].suggestion
    assert not [f for f in found if f.rule == "closing-last"]


def test_ending_mid_thought_gets_a_closing_finding():
    text = "Hi Sam,\n\nYour order shipped today. It should arrive on Thursday.\n\nThe courier said the van is\n"
    found = [f for f in findings_of("draft.txt", text) if f.rule in ("greeting-first", "closing-last")]
    assert [f.rule for f in found] == ["closing-last"]
    assert found[0].line == 5 and found[0].matched == "The courier said the van is"


def test_placeholder_name_counts_as_a_greeting():
    text = (
        "Hi {{ticket.requester.first_name}},\n\nI'm so sorry the charger was missing from your order. "
        "I've shipped a new one today; it arrives Thursday.\n\nAnything else, just reply here.\n\nBest,\nJo\n"
    )
    macro = json.dumps({"Missing charger": text})
    found = findings_of("macros.json", macro)
    assert [f.rule for f in found if f.rule in (EMPATHY, "greeting-first", "closing-last")] == []


def test_realistic_email_with_fix_before_apology(tmp_path):
    draft = tmp_path / "reply.eml"
    draft.write_text(
        "From: support@example.com\nTo: ana@example.com\nSubject: Your order\n\n"
        "Hi Ana,\n\n"
        "We've refunded the $24.99 for the blender to your card; it shows in 3-5 days.\n"
        "I'm really sorry it arrived broken.\n\n"
        "Let me know if there's anything else I can do.\n\n"
        "Best wishes,\nJo\n",
        encoding="utf-8",
    )
    ran = lexlint("check", str(draft), "--format", "json")
    found = [f for f in json.loads(ran.out)["findings"] if f["rule"] == EMPATHY]
    assert len(found) == 1 and found[0]["line"] == 7 and found[0]["column"] == 1
    assert found[0]["matched"].startswith("We've refunded")
    assert ran.code == 1


def test_tweet_length_chat_is_not_held_to_letter_form():
    text = "Sorry to hear that! DM us your order number and we'll sort it out."
    found = lint_text(text, context="my order is late again")
    assert not [f for f in found if f.rule in ("greeting-first", "closing-last")]


# ---- profiles, CLI --------------------------------------------------------------------------------


def test_cli_context_file_and_profiles(tmp_path):
    reply = tmp_path / "reply.txt"
    reply.write_text("I've shipped a new charger today. Thanks for your patience.\n", encoding="utf-8")
    customer = tmp_path / "customer.txt"
    customer.write_text("The charger was missing from my order!\n", encoding="utf-8")
    assert EMPATHY not in lexlint("check", str(reply)).out
    with_context = lexlint("check", str(reply), "--context", str(customer))
    assert EMPATHY in with_context.out and with_context.code == 1
    recovery = lexlint("check", str(reply), "--context", str(customer), "--profile", "recovery")
    assert "service-recovery" in recovery.out
    bad = lexlint("check", str(reply), "--profile", "nope")
    assert bad.code == 2 and "no bundled profile named 'nope'" in bad.err


def test_rules_lists_and_explain_covers_sequences():
    listed = lexlint("rules").out
    assert EMPATHY in listed and "greeting-first" in listed and "cicare-order" not in listed
    assert "cicare-order" in lexlint("rules", "--profile", "cicare").out
    explained = lexlint("explain", EMPATHY)
    out = explained.out
    assert explained.code == 0
    assert "order empathy > fix" in out and "Why:" in out and "Bad:" in out and "Move empathy" in out


def test_profiles_key_in_a_phrasebook(tmp_path):
    book = tmp_path / "acme.yaml"
    book.write_text("name: acme\nprofiles: [cicare]\ndisable: [greeting-first]\n", encoding="utf-8")
    loaded = load_phrasebooks([str(book)])
    ids = {s.id for s in loaded.sequences}
    assert "cicare-order" in ids and "greeting-first" not in ids and EMPATHY in ids


# ---- phrasebook errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_text", "message", "line", "column"),
    [
        ("sequences:\n  - id: x\n    why: w\n    order: [empathy, apology]\n", "unknown move 'apology'", 4, 22),
        ("sequences:\n  - id: x\n    why: w\n    order: [empathy]\n    colour: red\n", "unknown key 'colour'", 5, 5),
        ("moves:\n  regret:\n    match: ['[sorry|']\n", "bad pattern", 3, 21),
        ("moves:\n  regret:\n    match: [sorry]\n    colour: red\n", "unknown key 'colour'", 4, 5),
        ("sequences:\n  - id: x\n    why: w\n    first: greeting within two\n", "first must read like", 4, 12),
        ("profiles: [nope]\n", "no bundled profile named 'nope'", 1, 12),
        (
            "sequences:\n  - id: x\n    why: w\n    when: [greeting]\n    when_in: [reply]\n    order: [empathy]\n",
            "when_in takes message and/or customer, not 'reply'",
            5,
            14,
        ),
        (
            "sequences:\n  - id: x\n    why: w\n    when: [greeting]\n    when_in: customer\n    order: [empathy]\n",
            "when_in must include message",
            5,
            14,
        ),
        (
            "sequences:\n  - id: x\n    why: w\n    when_in: [message]\n    order: [empathy]\n",
            "when_in without when",
            4,
            14,
        ),
    ],
)
def test_phrasebook_errors_name_file_line_column(tmp_path, yaml_text, message, line, column):
    book = tmp_path / "bad.yaml"
    book.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(PhrasebookError) as err:
        load_phrasebooks([str(book)])
    assert message in str(err.value)
    assert f"bad.yaml:{line}:{column}" in str(err.value)


def test_every_profile_loads():
    for name in profile_names():
        assert load_phrasebooks(profiles=[name]).sequences


def test_a_missing_required_move_is_reported_once():
    text = "I'll check your account now. Is there anything else you need? Have a good day."
    found = [f for f in lint_text(text, default=False, profiles=["cicare"]) if f.rule == "cicare-order"]
    greeting = [f for f in found if "greeting" in f.message]
    assert len(greeting) == 1 and (greeting[0].line, greeting[0].column) == (1, 1)


def test_corpus_tweets_get_empathy_first_but_not_letter_form(corpus):
    rows = [
        json.loads(line)
        for line in (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:200]
    ]
    from lexlint.engine import Linter
    from lexlint.sources.segments import text_segment

    linter = Linter(load_phrasebooks())
    segments = [
        text_segment(f"line {i}", r["text"], channel="chat", context=r.get("customer_text") or "")
        for i, r in enumerate(rows)
    ]
    found = linter.lint(segments)
    rules = {f.rule for f in found}
    assert EMPATHY in rules
    assert not rules & {"greeting-first", "closing-last"}
    flagged = {f.path for f in found if f.rule == EMPATHY}
    assert 0 < len(flagged) < len(rows) // 2


def test_a_message_in_another_language_is_not_held_to_english_moves():
    text = (
        "Здравствуйте!\n\nБлагодарим вас за обращение в службу поддержки.\n\n"
        "Пожалуйста, ожидайте, я проверю информацию.\n"
    )
    assert [f.rule for f in findings_of("macros.json", json.dumps({"Check (RU)": text}))] == []
    english = "Your order shipped today.\n\nIt should arrive on Thursday.\n\nThe courier said the van is\n"
    assert {"greeting-first"} <= {f.rule for f in findings_of("draft.txt", english)}


def test_sequence_ids_and_tags_work_with_select_and_ignore(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Your order shipped today.\nIt should arrive on Thursday.\n\nYou owe $4.\n", encoding="utf-8")
    only = lexlint("check", str(draft), "--select", "structure", "--format", "json", "--fail-on", "never")
    assert "no rule or tag" not in only.err
    rules = {f["rule"] for f in json.loads(only.out)["findings"]}
    assert rules and rules <= {"greeting-first", "closing-last"}
    without = lexlint("check", str(draft), "--ignore", "greeting-first", "--format", "json", "--fail-on", "never")
    assert "greeting-first" not in {f["rule"] for f in json.loads(without.out)["findings"]}


def test_missing_empathy_and_fix_is_one_finding_that_says_both():
    found = strict_fired("The order was delayed at the depot and is still missing.")
    assert len(found) == 1
    assert "no apology or word of understanding and no next step" in found[0].message
    assert found[0].suggestion.startswith("Add an apology or word of understanding, then a next step")


def test_moves_that_open_a_sentence_come_after_leading_mentions():
    fix_first = rules_fired("@jo_b Please restart the app. Sorry the update crashed it.")
    assert [(f.rule, f.matched) for f in fix_first] == [(EMPATHY, "@jo_b Please restart the app.")]
    macro = {"Reply": "@jo_b Hi Jo,\n\nYour order shipped today.\n\nIt should arrive on Thursday.\n\nBest,\nSam"}
    assert findings_of("macros.json", json.dumps(macro)) == []


def test_a_draft_that_opens_with_a_mention_is_a_tweet_not_a_letter(tmp_path):
    letter = "Your order shipped today. It should arrive on Thursday. The courier said the van is\n"
    for name, text, letter_form in [
        ("letter.txt", letter, True),
        ("tweet.txt", "@jo_b " + letter, False),
        ("spaced.txt", "\n  @820715 " + letter, False),
        ("dot.txt", ".@jo_b " + letter, False),
        ("mail.txt", "jo@example.com wrote: " + letter, True),
        ("letter.md", letter, True),
        ("tweet.md", "@jo_b " + letter, False),
    ]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        out = lexlint("check", str(tmp_path / name), "--format", "json", "--fail-on", "never")
        rules = {f["rule"] for f in json.loads(out.out)["findings"]}
        assert (rules == {"greeting-first"}) is letter_form, name  # closing-last waits for a greeting


@pytest.mark.parametrize(
    "text",
    [
        (
            "We know how important it is to have your phone working. "
            "The crash is a known issue our engineers are working to fix."
        ),
        "Sorry about the outage on your flight. Everyone on board will receive a $15 travel credit.",
        "Sorry the update keeps failing. These steps should fix it: restart, then update again.",
        (
            "I can certainly understand the frustration with the delay. "
            "You may also reach out to the courier for a new slot."
        ),
        "Oh no, the charger was missing? I've shipped a new one today.",
        "I'm sorry the price was wrong at checkout. I have called the store, and they will refund the difference.",
        "Sorry about the outage. Our technicians are working diligently to restore service.",
    ],
    ids=[
        "we know how important",
        "will receive a credit",
        "these steps should fix",
        "understand the frustration",
        "oh no",
        "I have called",
        "working diligently to restore",
    ],
)
def test_wordings_brands_use_for_empathy_and_fix_count(text):
    assert rules_fired(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Glad it's working again! Let us know if you run into any other issues.",
        "Your payment may be held in case of any issues with the sale. It clears within 21 days.",
    ],
)
def test_a_problem_the_customer_only_might_have_is_none(text):
    assert rules_fired(text) == []


def test_knowing_how_to_do_something_is_no_empathy():
    found = rules_fired("Your screen is broken. We know how to fix that: I'll send a replacement today.")
    assert [f.rule for f in found] == [EMPATHY] and "no apology or word of understanding" in found[0].message


def test_a_plural_the_lemma_table_lacks_is_a_problem_too():
    assert [f.rule for f in rules_fired("Here's how to clear the glitches: restart the app.")] == [EMPATHY]
