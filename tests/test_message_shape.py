"""What a company can ask of a message's shape: at most so many sentences or words, a move required at a
place (a disclaimer last), and a signature under the sign-off that is not the message's last line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, lexlint

BOOK = """\
name: acme
extends: [default]
moves:
  disclaimer: ["this message is confidential"]
sequences:
  - id: short-reply
    max_sentences: 4
    max_words: 40
    why: "Replies are read on phones; keep them short."
    severity: warning
    examples:
      bad: ["One. Two. Three. Four. Five."]
      good: ["One. Two. Three."]
  - id: disclaimer-last
    require: [disclaimer]
    last: disclaimer within 1
    channels: [email, text]
    why: "Legal asks for the confidentiality line at the end."
    severity: error
    examples:
      bad: ["Hi Jo, your refund went through."]
      good: ["Hi Jo, your refund went through. This message is confidential."]
"""


def lint(tmp_path: Path, text: str, *args: str) -> list[dict]:
    (tmp_path / "acme.yaml").write_text(BOOK, encoding="utf-8")
    (tmp_path / "reply.txt").write_text(text, encoding="utf-8")
    ran = lexlint(
        "check", str(tmp_path / "reply.txt"), "-p", str(tmp_path / "acme.yaml"), "--format", "json", "--no-cache", *args
    )
    assert ran.code in (0, 1), ran.err
    return json.loads(ran.out)["findings"]


def test_the_company_book_passes_its_own_examples(tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text(BOOK, encoding="utf-8")
    ran = lexlint("test", str(tmp_path / "acme.yaml"))
    assert ran.code == 0, ran.out + ran.err


def test_too_many_sentences_is_found_at_the_first_one_past_the_limit(tmp_path: Path) -> None:
    text = (
        "Hi Jo. Your refund went through. It takes three days. You'll get an email. Anything else? "
        "This message is confidential.\n"
    )
    [long] = [f for f in lint(tmp_path, text) if f["rule"] == "short-reply"]
    assert long["matched"] == "Anything else?"
    assert long["message"].startswith("This message runs to 6 sentences, past the 4 it should keep to.")


def test_too_many_words_is_found_where_the_words_pass_the_limit(tmp_path: Path) -> None:
    words = "we looked at the account and the card on file and the order for you"  # 15 words
    text = f"Hi Jo, {words}. Then {words}. Then {words}. This message is confidential.\n"
    [long] = [f for f in lint(tmp_path, text) if f["rule"] == "short-reply"]
    assert long["matched"].startswith("Then we looked") and long["column"] == text.rindex("Then") + 1  # 17+16+16 words
    assert "runs to 53 words, past the 40" in long["message"]


def test_a_required_line_at_its_place(tmp_path: Path) -> None:
    assert [f["rule"] for f in lint(tmp_path, "Hi Jo, your refund went through.\n")] == ["disclaimer-last"]
    late = lint(
        tmp_path, "Hi Jo. This message is confidential. Your refund went through.\n", "--select", "disclaimer-last"
    )
    assert [(f["rule"], f["message"].split(".")[0]) for f in late] == [
        ("disclaimer-last", "The message does not end with a disclaimer")
    ]
    assert (
        lint(
            tmp_path, "Hi Jo, your refund went through. This message is confidential.\n", "--select", "disclaimer-last"
        )
        == []
    )


def test_the_signature_under_a_sign_off_is_not_the_last_line(tmp_path: Path) -> None:
    body = (
        "Hi Jo,\n\nYour refund went through today. It takes three days to show.\n\n"
        "Let us know if anything else comes up.\n\n"
    )
    for signature in ("Best,\nDana\nAcme Support\n", "Dana Smith\nAcme Support | acme.com\n", "Thanks,\nDana\n"):
        found = lint(tmp_path, body + signature, "--no-default")
        assert not [f for f in found if f["rule"] == "closing-last"], signature
    # with no closing, the finding is at the message's own last line, not at the name
    found = lint(tmp_path, body.replace("Let us know if anything else comes up.", "We sent it.") + "Dana Smith\n")
    [closing] = [f for f in found if f["rule"] == "closing-last"]
    assert closing["matched"] == "We sent it."


def test_the_docs_ordering_example_passes_its_own_examples(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "ordering.md").read_text(encoding="utf-8")
    book = next(b for b in re.findall(r"```yaml[^\n]*\n(.*?)```", page, re.S) if b.startswith("profiles: [cicare]"))
    (tmp_path / "ordering.yaml").write_text(book, encoding="utf-8")
    ran = lexlint("test", str(tmp_path / "ordering.yaml"))
    assert ran.code == 0, ran.out + ran.err


def test_a_sequence_for_some_channels_is_tested_on_messages_of_those_channels(tmp_path: Path) -> None:
    book = tmp_path / "macros.yaml"
    book.write_text(
        "name: macros\nextends: [moves]\nsequences:\n  - id: macro-closing\n    last: closing within 1\n"
        "    channels: [email, macro]\n    why: Macros end by offering more help.\n"
        "    examples: {bad: ['Your refund is on its way.'], good: ['Your refund is on its way. Anything else?']}\n",
        encoding="utf-8",
    )
    ran = lexlint("test", str(book))
    assert ran.code == 0 and "all passed" in ran.out, ran.out
