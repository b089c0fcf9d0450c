"""What reaches a terminal or a CI log: control characters from linted files shown, never acted on; GitHub
workflow commands only where lexlint writes them; a window of a long line, never all of it; JUnit XML
that parses whatever the text holds."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import Ran, lexlint_process


def lint(*args: str) -> Ran:
    return lexlint_process("check", "--no-cache", *args, timeout=120)


def commands_before_stop(out: str) -> tuple[list[str], str]:
    """The workflow commands the runner acts on in a github report, and the text report after them."""
    head, stop, rest = out.partition("::stop-commands::")
    assert stop, "the text report runs with workflow commands stopped"
    token, _, report = rest.partition("\n")
    assert report.endswith(f"::{token}::\n") and f"::{token}::" not in report[: -len(token) - 5]
    return head.splitlines(), report


def test_a_minified_one_line_export_prints_a_window_per_finding(tmp_path: Path) -> None:
    body = "Thanks for writing. You owe $40 on this account. " * 3_000
    export = tmp_path / "macros.json"
    export.write_text(json.dumps({"macros": [{"title": "Balance", "body": body}]}), encoding="utf-8")
    assert len(export.read_text(encoding="utf-8")) > 140_000 and "\n" not in export.read_text(encoding="utf-8")
    for fmt in ("text", "github"):
        ran = lint(str(export), "--format", fmt)
        assert ran.code == 1, ran.err
        found = ran.out.count(" warning[you-owe] ")
        assert found == 3_000
        assert len(ran.out) < 1_500 * found  # the whole line each time would be 500 MB
        source_lines = [line for line in ran.out.splitlines() if line.startswith("1 | ")]
        assert len(source_lines) == found and max(map(len, source_lines)) <= 120
        assert all("You owe $40" in line and line.count("\u2026") == 2 for line in source_lines[1:-1])


def test_a_minified_html_export_shows_each_paragraph_as_the_customer_reads_it(tmp_path: Path) -> None:
    body = "<p>Thanks for writing. You owe $40 on this account.</p>" * 3_000
    export = tmp_path / "macros.json"
    export.write_text(json.dumps({"macros": [{"title": "Balance", "body": body}]}), encoding="utf-8")
    assert len(export.read_text(encoding="utf-8")) > 160_000 and "\n" not in export.read_text(encoding="utf-8")
    for fmt in ("text", "github"):
        ran = lint(str(export), "--format", fmt)
        assert ran.code == 1, ran.err
        found = ran.out.count(" warning[you-owe] ")
        assert found == 3_000
        source_lines = [line for line in ran.out.splitlines() if line.startswith("1 | ")]
        assert source_lines == ["1 | Thanks for writing. You owe $40 on this account."] * found  # no markup


def test_the_window_underlines_the_match(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("x " * 5_000 + "You owe $40 on this account. " + "y " * 5_000 + "\n", encoding="utf-8")
    out = lint(str(draft)).out.splitlines()
    source = next(i for i, line in enumerate(out) if line.startswith("1 | "))
    line, carets = out[source], out[source + 1]
    start = carets.index("^")
    assert line[start : start + len("You owe $40")] == "You owe $40" and carets.count("^") == len("You owe $40")


def test_a_multi_line_suggestion_or_file_name_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    book = tmp_path / "book.yaml"
    book.write_text(
        'name: t\nentries:\n  - id: owe\n    avoid: ["you owe {amount}"]\n'
        '    try: "our records show {amount}\\n::error file=x.py,line=1::injected by a sentence"\n'
        "    why: Reads as an accusation.\n",
        encoding="utf-8",
    )
    draft = tmp_path / "draft\n::error file=x.py,line=1::injected by a name.txt"
    draft.write_text("You owe $40 on this account.\n", encoding="utf-8")
    leading = tmp_path / "::error title=owned::a name that starts a command.txt"
    leading.write_text("You owe $40 on this account.\n", encoding="utf-8")
    ran = lint("--no-default", "-p", str(book), str(draft), str(leading), "--format", "github")
    commands, report = commands_before_stop(ran.out)
    # lexlint's annotations only, every property escaped (a name's ':' and ',' cannot end or add one)
    own = re.compile(r"::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::")
    assert len(commands) >= 2 and all(own.match(c) for c in commands)
    assert any("%0A::error file=x.py" in c for c in commands)  # the sentence's line break, escaped as data
    assert not any(
        line.lstrip().startswith("::error") for line in report.splitlines()[:-1] if "owned::a name" not in line
    )
    assert "\u240a::error file=x.py" in report  # the name's and the sentence's line breaks, shown


def test_escape_sequences_from_a_file_are_shown_not_sent_to_the_terminal(tmp_path: Path) -> None:
    draft = tmp_path / "draft\x1b[2J.txt"
    draft.write_text(
        "You owe $40 \x1b]8;;https://example.invalid\x07now\x1b]8;;\x07 \x1b[31mor\x1b[0m \x9b2J later.\n",
        encoding="utf-8",
    )
    for fmt, color in (("text", "never"), ("text", "always"), ("github", "never"), ("junit", "never")):
        ran = lint(str(draft), "--format", fmt, "--color", color)
        assert ran.code == 1, ran.err
        out = ran.out
        assert "\x07" not in out and "\x1b]" not in out and "\x9b" not in out and "\x1b[2J" not in out
        assert "\u241b]8;;https://example.invalid\u2407" in out and "\\x9b" in out
        if color == "never":
            assert "\x1b" not in out


def test_bidirectional_controls_are_shown_so_a_line_cannot_read_as_other_words(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("You owe \u202e$40\u202c now, \u2066thanks\u2069.\n", encoding="utf-8")
    for fmt in ("text", "github", "junit"):
        ran = lint(str(draft), "--format", fmt, "--color", "never")
        assert ran.code == 1, ran.err
        assert not any(c in ran.out for c in "\u202e\u202c\u2066\u2069"), fmt
        assert "\\u202e$40\\u202c" in ran.out, fmt


def test_junit_stays_well_formed_with_control_characters(tmp_path: Path) -> None:
    draft = tmp_path / "draft\x01.txt"
    draft.write_text(
        "You owe $40\x0b on\x1b[1m this\x00 account \x0c\x7f now.\n".replace("\x00", "\x02"), encoding="utf-8"
    )
    ran = lint(str(draft), "--format", "junit")
    assert ran.code == 1, ran.err
    root = ET.fromstring(ran.out.encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == str(draft).replace("\x01", "\u2401")
    failure = case.find("failure")
    assert failure is not None and "you-owe" in (failure.text or "")


def test_an_error_naming_a_file_shows_its_control_characters(tmp_path: Path) -> None:
    bad = tmp_path / "bad\x1b]0;owned\x07.json"
    bad.write_text('{"macros": [', encoding="utf-8")
    ran = lint(str(bad))
    assert ran.code == 2
    assert "\x1b" not in ran.err and "\x07" not in ran.err and "bad\u241b]0;owned\u2407.json" in ran.err
