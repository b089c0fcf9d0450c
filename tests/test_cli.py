"""The command line as users call it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, lexlint, lexlint_process


def test_the_examples_are_linted_with_the_bundled_phrasebook():
    ran = lexlint("check", "examples/")
    out = ran.out
    assert ran.code == 1
    assert "examples/billing-reminder.txt:3:1: warning[you-owe]" in out
    assert "= try: Our records show a balance of $40.12 on this account." in out
    assert "examples/refund-clean.txt" not in out
    assert out.rstrip().endswith("in 5 files; lowest message score 57/100.")


def test_a_json_report_keeps_its_contract_and_its_columns_point_at_the_words(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Ann,\n\nAs I said, you owe $40.12 on this account.\n", encoding="utf-8")
    ran = lexlint("check", str(draft), "--format", "json")
    doc = json.loads(ran.out)
    assert doc["version"] == 1
    owe = next(f for f in doc["findings"] if f["rule"] == "you-owe")
    assert owe == {
        "path": str(draft),
        "line": 3,
        "column": 12,
        "end_line": 3,
        "end_column": 26,
        "rule": "you-owe",
        "severity": "warning",
        "message": owe["message"],
        "matched": "you owe $40.12",
        "suggestion": "To recap, our records show a balance of $40.12 on this account.",
        "fix": "safe",
    }
    line = draft.read_text().split("\n")[owe["line"] - 1]
    assert line[owe["column"] - 1 : owe["end_column"] - 1] == owe["matched"]
    # and no closing; the score last: 100 less two warnings (10 each in a message under 75 words) and an ordering
    # info (6)
    assert doc["summary"] == {"files": 1, "findings": 3, "errors": 0, "warnings": 2, "infos": 1, "score": 74}


def test_min_score_gates_each_message_on_its_own(tmp_path):
    """A team lets warnings through (--fail-on error) but holds each message to a score: one weak reply in a
    file of good ones fails the run, though the file's mean would pass."""
    replies = tmp_path / "replies.csv"
    good = "I'm sorry the parcel was late. I've refunded the shipping today. Anything else, just reply here."
    replies.write_text(f"text\n{good}\n{good}\n{good}\nYou need to reset it. No problem!\n", encoding="utf-8")
    summary = json.loads(lexlint("check", str(replies), "--format", "json", "--fail-on", "never").out)["summary"]
    assert summary["findings"] and summary["score"] < 90
    held = lexlint("check", str(replies), "--fail-on", "error", "--min-score", "90")
    assert held.code == 1
    assert held.out.rstrip().endswith(f"lowest message score {summary['score']}/100.")
    assert lexlint("check", str(replies), "--fail-on", "error", "--min-score", str(summary["score"])).code == 0
    clean = tmp_path / "clean.csv"
    clean.write_text(f"text\n{good}\n", encoding="utf-8")
    passed = lexlint("check", str(clean), "--min-score", "100")
    assert passed.code == 0 and passed.out.rstrip().endswith("(score 100/100).")


def test_the_command_flushes_a_large_report_before_it_exits(tmp_path):
    """The command exits without the interpreter's teardown, once its output is flushed: a report through a
    pipe arrives whole, with the run's exit code (1: findings; 2: a file could not be read, the rest linted)."""
    for i in range(400):
        (tmp_path / f"{i:03}.txt").write_text(f"Please hold. You owe ${i}.\n", encoding="utf-8")
    ran = lexlint_process("check", "--format", "json", "--no-cache", str(tmp_path))
    doc = json.loads(ran.out)
    assert ran.code == 1
    assert len(doc["findings"]) == doc["summary"]["findings"] >= 800
    assert {f["rule"] for f in doc["findings"]} >= {"please-hold", "you-owe"}
    ran = lexlint_process("check", "--format", "json", "--no-cache", str(tmp_path), str(tmp_path / "missing.txt"))
    assert ran.code == 2
    assert ran.err.endswith(f"lexlint: error: {tmp_path / 'missing.txt'}: cannot read: No such file or directory\n")
    assert json.loads(ran.out)["summary"]["files"] == 401


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_report_that_cannot_be_written_is_one_line_exit_2():
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "lexlint", "check", "examples/"],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr.decode() == "lexlint: error: cannot write the report: No space left on device\n"


def test_stdin_is_linted_and_fail_on_decides_the_exit_code():
    ran = lexlint("check", "-", stdin="No problem!\n")
    assert ran.code == 0  # an info finding is below the default --fail-on warning
    assert "<stdin>:1:1: info[no-problem]" in ran.out
    assert lexlint("check", "-", "--fail-on", "info", stdin="No problem!\n").code == 1
    assert lexlint("check", "-", stdin="Thanks for writing in!\n").code == 0


def test_unreadable_and_binary_files_are_reported_and_the_rest_linted(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "b.txt").write_bytes(b"caf\xe9 please hold.\n")
    (tmp_path / "c.txt").write_text("Please hold.\n", encoding="utf-8")
    ran = lexlint("check", str(tmp_path), str(tmp_path / "missing.txt"))
    err = ran.err
    assert ran.code == 2
    assert f"{tmp_path / 'a.txt'}: binary file" in err
    assert f"{tmp_path / 'b.txt'}:1: not valid UTF-8" in err
    assert f"{tmp_path / 'missing.txt'}: cannot read" in err
    assert "Traceback" not in err
    assert "c.txt:1:1: warning[please-hold]" in ran.out
    assert ran.out.rstrip().endswith("in 4 files; lowest message score 90/100. 3 files could not be read.")
    (tmp_path / "d.txt").write_text("Thanks for writing in!\n", encoding="utf-8")
    alone = lexlint("check", str(tmp_path / "missing.txt"), str(tmp_path / "d.txt"))
    assert alone.code == 2  # no "All clear" when a file was not linted
    assert alone.out == "No problems found in 1 of 2 files. 1 file could not be read.\n"


def test_a_bad_phrasebook_is_one_line_and_exit_2(tmp_path):
    book = tmp_path / "acme.yaml"
    book.write_text("entries:\n  - id: x\n    avoid: ['you (owe']\n    why: w\n", encoding="utf-8")
    ran = lexlint("check", "examples/", "-p", str(book))
    err = ran.err.strip()
    assert ran.code == 2
    assert err.startswith(f"lexlint: error: {book}:3:")
    assert len(err.splitlines()) == 1


def test_rules_lists_the_entries_and_explain_tells_one_or_names_the_list():
    rules = lexlint("rules").out
    assert "you-owe" in rules and "our records show a balance of {amount}" in rules
    explain = lexlint("explain", "please-hold")
    text = explain.out
    assert explain.code == 0
    for part in ("Why:", "Bad: Please hold.", "Instead: May I briefly place you on hold?"):
        assert part in text
    missing = lexlint("explain", "nope")
    assert missing.code == 2 and "lexlint rules" in missing.err


def test_a_context_file_is_read_and_a_missing_one_is_exit_2(tmp_path):
    ctx = tmp_path / "customer.txt"
    ctx.write_text("My package never arrived.", encoding="utf-8")
    ran = lexlint("check", "-", "--context", str(ctx), stdin="Thanks!\n")
    assert ran.code in (0, 1)
    assert "Traceback" not in ran.err
    assert lexlint("check", "-", "--context", str(tmp_path / "nope.txt"), stdin="x").code == 2


def test_version_names_lexlint_the_bundled_phrasebook_and_spacy():
    """One line a bug report can quote: the three versions that decide what a run reports."""
    from importlib import metadata

    import yaml

    import lexlint as package

    bundled = yaml.safe_load((ROOT / "rules" / "default.yaml").read_text(encoding="utf-8"))
    expected = (
        f"lexlint {package.__version__} (phrasebook {bundled['name']} {bundled['version']},"
        f" spaCy {metadata.version('spacy')})\n"
    )
    assert lexlint("--version").out == expected
    assert lexlint_process("--version").out == expected  # as the installed command prints it


def test_findings_come_in_the_order_the_files_were_named_standard_input_too(tmp_path):
    named = tmp_path / "named.txt"
    named.write_text("You owe $5.\n", encoding="utf-8")
    ran = lexlint("check", "--no-cache", "--format", "json", str(named), "-", stdin="No problem.\n")
    assert [f["path"] for f in json.loads(ran.out)["findings"]] == [str(named), "<stdin>"]
