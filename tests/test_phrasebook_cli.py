"""`lexlint test` on phrasebooks (failures, and entries that overlap), `lexlint rules` listing every
pattern, and `lexlint init` for a new macro repository."""

from __future__ import annotations

from pathlib import Path

from conftest import lexlint

ACME_OWE = """\
name: acme
entries:
  - id: acme-owe
    avoid: ["you owe {amount}"]
    try: "your balance is {amount}"
    why: Say it from our side.
    fix: safe
    examples:
      bad: ["You owe $40 on this account."]
      good: ["Your balance is $40."]
  - id: acme-hold
    avoid: ["hang on", "bear with me", {pattern: "one sec", try: "one moment"}]
    try: "thanks for waiting"
    why: Ask, do not tell.
    examples:
      bad: ["Hang on.", "Bear with me a moment."]
      good: ["Thanks for waiting."]
"""


def test_bundled_phrasebooks_pass_their_own_examples():
    ran = lexlint("test")
    assert ran.code == 0, ran.out
    assert ran.out.rstrip().endswith("examples checked: all passed.")


def test_bundled_entries_do_not_overlap_one_another():
    ran = lexlint("test", "--profile", "cicare", "--profile", "recovery")
    assert ran.code == 0 and "WARN" not in ran.out and "overlap" not in ran.out, ran.out


def test_a_company_entry_that_repeats_a_bundled_one_is_a_warning_naming_both(tmp_path: Path):
    """acme-owe and the bundled you-owe both flag "You owe $40": a writer would get two findings and two
    rewrites for one phrase. `lexlint test` passes, but says so, and how to keep one."""
    book = tmp_path / "acme.yaml"
    book.write_text(ACME_OWE, encoding="utf-8")
    ran = lexlint("test", str(book))
    assert ran.code == 0  # a warning, not a failure
    (warning,) = [line for line in ran.out.splitlines() if line.startswith("WARN")]
    assert warning == (
        f"WARN {book}:3:5: acme-owe: you-owe also matches 'You owe $40' in bad example 'You owe $40 on this "
        f"account.': two findings and two rewrites; `disable: [you-owe]` in {book} keeps only acme-owe"
    )
    assert ran.out.rstrip().endswith("examples checked: all passed, 1 overlap to look at.")
    # the hint works: with the bundled entry disabled, the warning is gone
    book.write_text(ACME_OWE.replace("name: acme\n", "name: acme\ndisable: [you-owe]\n"), encoding="utf-8")
    again = lexlint("test", str(book))
    assert again.code == 0 and "WARN" not in again.out and again.out.rstrip().endswith("all passed.")


def test_two_entries_of_one_file_that_overlap_are_told_to_merge(tmp_path: Path):
    book = tmp_path / "acme.yaml"
    book.write_text(
        "entries:\n"
        "  - id: hold-on\n    avoid: ['hold on']\n    why: w\n    examples: {bad: ['Hold on a moment.']}\n"
        "  - id: on-a-moment\n    avoid: ['on a moment']\n    why: w\n    examples: {bad: ['Wait on a moment.']}\n",
        encoding="utf-8",
    )
    ran = lexlint("test", "--no-default", str(book))
    assert ran.code == 0
    assert f"WARN {book}:2:5: hold-on: on-a-moment also matches 'on' in bad example 'Hold on a moment.'" in ran.out
    assert "merge them or drop one" in ran.out and ran.out.count("WARN") == 1  # one warning per pair


def test_rules_lists_every_avoid_pattern_of_an_entry(tmp_path: Path):
    book = tmp_path / "acme.yaml"
    book.write_text(ACME_OWE, encoding="utf-8")
    listed = {line.split()[0]: line for line in lexlint("rules", "--phrasebook", str(book)).out.splitlines()}
    assert listed["acme-hold"].split("  ")[-1] == "hang on; bear with me; one sec [-> one moment] -> thanks for waiting"
    assert "you-need-to" in listed and "you =must -> please" in listed["you-need-to"]  # its third pattern


def test_failing_examples_are_reported_and_exit_1(tmp_path):
    book = tmp_path / "acme.yaml"
    book.write_text(
        "entries:\n"
        "  - id: asap\n    avoid: ['asap']\n    try: 'today'\n    why: w\n    fix: safe\n"
        "    examples:\n      bad: ['Done asap.', 'Done soon.']\n      good: ['Today.', 'I will do it asap.']\n"
        "  - id: loop\n    avoid: ['circle back']\n    try: 'circle back again'\n    why: w\n    fix: safe\n"
        "    examples:\n      bad: ['We will circle back.']\n",
        encoding="utf-8",
    )
    ran = lexlint("test", str(book))
    assert ran.code == 1
    assert f"FAIL {book}:2:5: asap: bad example does not fire: 'Done soon.'" in ran.out
    assert "asap: good example fires: 'I will do it asap.'" in ran.out
    assert "loop: rewritten bad example still fires: 'We will circle back.' -> 'We will circle back again.'" in ran.out
    assert "2 rules" in ran.out and "3 failed" in ran.out


def test_init_writes_starters_prints_snippet_and_never_overwrites(tmp_path):
    ran = lexlint("init", str(tmp_path), "--name", "Acme Support")
    assert ran.code == 0
    assert "- id: lexlint" in ran.out and "repos:" in ran.out
    config, book = tmp_path / "lexlint.yaml", tmp_path / "acme-support.yaml"
    assert "phrasebooks: [acme-support.yaml]" in config.read_text()
    assert "extends: [default]" in book.read_text() and "#   - id: you-owe-us" in book.read_text()
    assert lexlint("test", str(book)).code == 0
    (tmp_path / "hello.txt").write_text("Thanks for writing in!\n", encoding="utf-8")
    assert lexlint("check", str(tmp_path)).code == 0  # the config and the phrasebook are not linted as messages
    config.write_text("fail-on: error\n", encoding="utf-8")
    again = lexlint("init", str(tmp_path))
    assert config.read_text() == "fail-on: error\n"
    assert "already exists; not overwritten" in again.err
