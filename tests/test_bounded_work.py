"""Bounded work: readers and masks stay linear on inputs that are quadratic for a naive scan, a phrasebook's
regular expressions cannot backtrack for ever, and a report prints a window of a long line, never all of it.

A hang shows as the subprocess timeout (generous: each input takes well under a second now, and a scan that
restarts from every opener would take minutes on it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Ran, lexlint_process

HANG = 20  # seconds


def lint(*args: str, timeout: float = HANG) -> Ran:
    return lexlint_process("check", "--no-cache", "-j", "1", *args, timeout=timeout)


OWE = "You owe $40 on this account.\n\n"

# Each: a file name and a text whose every opener never closes, so that a scan from each one runs on to
# the end (the finding comes first: nothing after it closes anything).
QUADRATIC = {
    "backtick-run.md": OWE + "a " + "`" * 100_000,
    "backtick-runs.md": OWE + " a ".join("`" * n for n in range(1, 450)),
    "unclosed-images.md": OWE + "![a" * 70_000,
    "unclosed-link-urls.md": OWE + "](<" * 70_000,
    "unclosed-autolinks.md": OWE + "<http:" * 35_000,
    "blank-line-indents.md": OWE + "\n \n    a" * 25_000,
    "unclosed-tags.html": "<p>" + OWE + "<a " * 50_000,
    "unclosed-quoted-tags.html": "<p>" + OWE + '<p x="' * 25_000,
    "long-tag-name.html": "<p>" + OWE + "<" + "a" * 80_000,
    "unclosed-declarations.html": "<p>" + OWE + "<!" * 70_000,
    "unclosed-hints.json": '{"macros": [{"title": "t", "body": "' + OWE.strip() + " " + "<p " * 100_000 + '"}]}\n',
}


@pytest.mark.parametrize("name", sorted(QUADRATIC))
def test_reader_is_linear_on_unclosed_openers(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(QUADRATIC[name], encoding="utf-8")
    ran = lint(str(path), "--format", "json")
    assert ran.code == 1, ran.err
    assert '"rule": "you-owe"' in ran.out


def test_a_csv_export_of_many_rows_is_read_in_time_linear_in_its_size(tmp_path: Path) -> None:
    """Counting each record's line breaks once looked for a carriage return in the whole file, per record."""
    path = tmp_path / "export.csv"
    path.write_text("id,text\n1," + OWE.strip() + "\n" + "".join(f"{i},\n" for i in range(500_000)), encoding="utf-8")
    ran = lint(str(path), "--format", "json", timeout=3 * HANG)
    assert ran.code == 1, ran.err
    assert '"rule": "you-owe"' in ran.out


def _book(tmp_path: Path, regex_yaml: str) -> Path:
    book = tmp_path / "book.yaml"
    book.write_text(
        "name: t\nentries:\n  - id: aaa\n    avoid:\n"
        f"      - [{{LOWER: {{REGEX: {regex_yaml}}}}}]\n    why: Says it twice.\n",
        encoding="utf-8",
    )
    return book


def test_a_backtracking_regex_runs_in_linear_time(tmp_path: Path) -> None:
    """`^(a+)+$` against a word of ninety a's and a b: Python's re tries 2**90 ways."""
    book = _book(tmp_path, '"^(a+)+$"')
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi there " + "a" * 90 + "b is here, and aaaa too.\n", encoding="utf-8")
    ran = lint("-p", str(book), str(draft), "--format", "json")
    assert ran.code == 1, ran.err
    assert '"matched": "aaaa"' in ran.out and ran.out.count('"rule": "aaa"') == 1


@pytest.mark.parametrize(
    ("regex", "what"),
    [
        (r'"^(a)\\1$"', "a backreference"),
        (r"'(?P<x>a)(?P=x)'", "a backreference"),
        (r"'a(?=b)'", "lookahead"),
        (r"'a(?!b)'", "lookahead"),
        (r"'(?<=x)a'", "lookbehind"),
        (r"'(?<!x)a'", "lookbehind"),
        (r"'[unclosed'", "invalid REGEX: missing ]"),
    ],
)
def test_what_re2_cannot_run_is_a_positioned_phrasebook_error(tmp_path: Path, regex: str, what: str) -> None:
    book = _book(tmp_path, regex)
    draft = tmp_path / "draft.txt"
    draft.write_text("Hello there.\n", encoding="utf-8")
    ran = lint("-p", str(book), str(draft))
    assert ran.code == 2
    assert "Traceback" not in ran.err
    assert f"{book}:5:27: REGEX " in ran.err and what in ran.err
    assert ran.err.count("\n") == 1  # one line, and nothing from RE2's own logging
