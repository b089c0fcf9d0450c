"""`lexlint test` on phrasebooks and `lexlint init` for a new macro repository."""

from __future__ import annotations

from conftest import lexlint


def test_bundled_phrasebooks_pass_their_own_examples():
    ran = lexlint("test")
    assert ran.code == 0, ran.out
    assert ran.out.rstrip().endswith("examples checked: all passed.")


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
