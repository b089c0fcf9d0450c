"""A phone or chat script is one conversation: CICARE and the last word are judged over the whole call, and
each agent turn answers the customer's turn before it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import lexlint

# A correct call, CICARE step by step: greeting and name, empathy, what I'll do, the fix, asking about
# needs, and an exit that answers the customer's thanks and says what comes next.
GOOD_CALL = """\
Agent: Good morning, thanks for calling Acme, this is Dana.
Caller: Hi, my internet has been down since yesterday.
Agent: I'm so sorry about that, I know how disruptive that is. \
I'm going to check the line from here and then walk you through a reset.
Caller: Okay.
Agent: I've reset the line and it's showing online now. Is there anything else I can help with?
Caller: No, that's all, thanks so much.
Agent: You're welcome! You'll get a text confirming the fix within the hour. Have a great day.
"""


def findings(tmp_path: Path, text: str, *args: str, name: str = "call.txt") -> list[dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ran = lexlint("check", str(path), "--format", "json", "--no-cache", *args)
    assert ran.code in (0, 1), ran.err
    return json.loads(ran.out)["findings"]


def test_a_correct_call_passes_cicare_as_one_conversation(tmp_path: Path) -> None:
    # judged turn by turn, each agent line would lack a greeting, an introduction, an exit …
    assert findings(tmp_path, GOOD_CALL, "--profile", "cicare") == []


def test_a_call_out_of_order_gets_one_cicare_finding_where_it_goes_wrong(tmp_path: Path) -> None:
    call = GOOD_CALL.replace(", this is Dana.", ".").replace(
        "Agent: I've reset", "Agent: My name is Dana, by the way. I've reset"
    )
    found = [f for f in findings(tmp_path, call, "--profile", "cicare") if f["rule"] == "cicare-order"]
    assert [(f["line"], f["matched"]) for f in found] == [
        (3, "I'm going to check the line from here and then walk you through a reset.")
    ]
    assert "before any introduction of yourself" in found[0]["message"]


def test_this_is_a_name_introduces_the_agent(tmp_path: Path) -> None:
    intro_only = (
        "Agent: Hello, this is Dana.\nCaller: Hi.\nAgent: Here's what I'll do. Is there anything else? Bye for now.\n"
    )
    found = findings(tmp_path, intro_only, "--profile", "cicare")
    assert not any("introduction" in f["message"] for f in found)


def test_the_call_that_ends_on_the_customers_thanks_is_told_to_answer_it(tmp_path: Path) -> None:
    call = GOOD_CALL.rsplit("Agent:", 1)[0]  # the call ends on "No, that's all, thanks so much."
    [last] = [f for f in findings(tmp_path, call) if f["rule"] == "last-word"]
    assert (last["line"], last["column"], last["matched"]) == (6, 9, "No, that's all, thanks so much.")
    assert last["message"].startswith("The call ends on the customer's thank-you")
    assert (
        last["suggestion"]
        == "Answer it in a last line of your own, e.g. “You're welcome, and thanks for your patience today.”"
    )


def test_a_last_turn_that_ignores_the_customers_goodbye(tmp_path: Path) -> None:
    call = (
        GOOD_CALL.replace("No, that's all, thanks so much.", "That's all. Talk to you Tuesday.")
        .replace("You're welcome! ", "")
        .replace(" Have a great day.", "")
    )
    [last] = [f for f in findings(tmp_path, call) if f["rule"] == "last-word"]
    assert last["line"] == 7 and last["message"] == (
        "Your last turn does not answer the customer's goodbye. " + last["message"].split("goodbye. ", 1)[1]
    )
    assert "Talk to you then, take care!" in last["suggestion"]
    answered = call.replace("Agent: You'll get", "Agent: Talk to you Tuesday! You'll get")
    assert not [f for f in findings(tmp_path, answered) if f["rule"] == "last-word"]


def test_each_agent_turn_answers_the_customers_turn_before_it(tmp_path: Path) -> None:
    # "No problem" answering thanks is the no-problem entry's case; answering a question, it is not
    call = (
        "Agent: Hi, this is Dana.\nCaller: Can you move my delivery to Friday?\nAgent: No problem, it's moved.\n"
        "Caller: Thanks!\nAgent: No problem, have a great day.\n"
    )
    found = [f for f in findings(tmp_path, call) if f["rule"] == "no-problem"]
    assert [f["line"] for f in found] == [5]


def test_a_customer_signing_off_with_thanks_has_not_thanked(tmp_path: Path) -> None:
    context = tmp_path / "customer.txt"
    context.write_text("Where is my order?\n\nThanks,\nBob\n", encoding="utf-8")
    reply = "No problem, it ships today.\n"
    assert [f["rule"] for f in findings(tmp_path, reply, "--context", str(context))] == []
    context.write_text("That fixed it, thanks so much!\n", encoding="utf-8")
    assert [f["rule"] for f in findings(tmp_path, reply, "--context", str(context))] == ["no-problem"]


def test_the_shape_of_a_call_is_each_agent_sentence_with_its_moves(default_linter) -> None:
    from lexlint.sources import ReadOptions, read_text

    shape = default_linter.sentences(read_text("call.txt", GOOD_CALL, ReadOptions()))
    assert [(s.line, s.column) for s in shape][:2] == [(1, 8), (3, 8)]  # the customer's turns are not drawn
    assert [s.moves for s in shape] == [
        ("greeting", "thanks"),
        ("empathy", "problem"),
        ("fix",),
        ("fix",),
        ("closing", "fix"),
        ("welcome",),
        ("closing",),
        ("closing", "farewell"),
    ]
    assert shape[5].text == "You're welcome!"
    segments = read_text("call.txt", GOOD_CALL, ReadOptions())
    assert default_linter.lint_shaped(segments) == (default_linter.lint(segments), shape)  # one pipeline pass
