"""The text report as a writer reads it in a terminal or a CI log: each finding's severity in words, colour only
where it is wanted (NO_COLOR, FORCE_COLOR, --color), lines fitted to the terminal with the carets under the
match, and a macro's line shown as the customer will read it, not as JSON escapes it."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, lexlint

REPORT = FIXTURES / "report"
LONG_LINES = REPORT / "long_lines.txt"
LONG_PHRASE = REPORT / "long_phrase.yaml"
ESCAPED_MACROS = REPORT / "escaped_macros.json"
HEADER = re.compile(
    r"^(?P<where>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning|info)\[(?P<rule>[a-z-]+)\] "
)
ANSI = "\x1b["


def columns(text: str) -> int:
    """The terminal columns `text` takes (wide characters two, combining marks none)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def at_column(line: str, column: int) -> str:
    """What `line` shows from terminal column `column` on."""
    taken = 0
    for i, c in enumerate(line):
        if taken >= column:
            return line[i:]
        taken += columns(c)
    return ""


class Shown:
    """One finding as the text report shows it: its first line, the source line and the carets under it."""

    def __init__(self, header: str, source: str, carets: str) -> None:
        self.header, self.source, self.carets = header, source, carets
        gutter, _, self.text = source.partition(" | ")
        assert gutter.strip().isdigit(), source
        self.under = carets.partition(" | ")[2]

    @property
    def underlined(self) -> str:
        """The characters of the source line the carets stand under."""
        start = len(self.under) - len(self.under.lstrip(" "))
        shown = at_column(self.text, start)
        width = self.under.count("^")
        out, taken = "", 0
        for c in shown:
            if taken >= width:
                break
            out += c
            taken += columns(c)
        return out


def shown(out: str) -> list[Shown]:
    lines = out.splitlines()
    return [
        Shown(line, lines[i + 2], lines[i + 3])
        for i, line in enumerate(lines)
        if HEADER.match(line) and i + 3 < len(lines) and lines[i + 2][:1].isdigit()
    ]


def matched(*args: str) -> list[str]:
    """The matched words of each finding, as the JSON report gives them (in report order)."""
    return [f["matched"] for f in json.loads(lexlint("check", "--format", "json", *args).out)["findings"]]


def test_each_finding_says_its_severity_in_words_without_colour(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi [Customer Name],\n\nYou owe $40 on this account.\n\nNo problem!\n", encoding="utf-8")
    ran = lexlint("check", str(draft), "--color", "never")
    assert ran.code == 1 and ANSI not in ran.out
    headers = [m.groupdict() for line in ran.out.splitlines() if (m := HEADER.match(line))]
    assert {(h["severity"], h["rule"]) for h in headers} >= {
        ("error", "leftover-placeholder"),
        ("warning", "you-owe"),
        ("info", "no-problem"),
    }
    assert f"{draft}:3:1: warning[you-owe] “You owe” reads as an accusation." in ran.out
    assert all(h["where"] == str(draft) for h in headers)


@pytest.mark.parametrize(
    ("env", "flag", "coloured"),
    [
        ({}, "auto", False),  # a pipe: no colour
        ({"FORCE_COLOR": "1"}, "auto", True),
        ({"FORCE_COLOR": "0"}, "auto", False),
        ({"FORCE_COLOR": ""}, "auto", False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "auto", False),  # asked for none: none
        ({"NO_COLOR": "", "FORCE_COLOR": "1"}, "auto", True),  # an empty NO_COLOR asks for nothing
        ({"NO_COLOR": "1"}, "always", True),  # the flag wins over the environment
        ({"FORCE_COLOR": "1"}, "never", False),
    ],
)
def test_colour_follows_the_flag_then_no_color_then_force_color(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], flag: str, coloured: bool
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    ran = lexlint("check", "examples/billing-reminder.txt", "--color", flag)
    assert ran.code == 1
    assert (ANSI in ran.out) is coloured
    assert "warning[you-owe]" in ran.out  # the word is there either way


def test_columns_60_fits_each_window_and_keeps_the_carets_under_the_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    args = ("-p", str(LONG_PHRASE), str(LONG_LINES), "--fail-on", "never")
    out = lexlint("check", *args, "--color", "never").out
    found = shown(out)
    words = matched(*args)
    assert len(found) == len(words) >= 5
    body = [line for line in out.splitlines()[:-1] if not HEADER.match(line)]  # the closing sentence is not fitted
    assert max(map(columns, body)) <= 60  # source lines, carets and suggestions alike
    assert max(columns(f.source) for f in found) >= 55  # fitted to the width, not far short of it
    for f, word in zip(found, words):
        word = word.replace("\t", " ")
        assert f.underlined, f.source
        if f.underlined == word:
            continue
        # a match longer than the room: its start, under the carets to the window's end, then an ellipsis
        assert len(word) > 50 and word.startswith(f.underlined) and f.text.endswith(f.underlined + "\u2026")
    by_word = {f.underlined: f for f in found}
    assert by_word["You owe $12"].text.startswith("\u2026") and by_word["You owe $12"].text.endswith("\u2026")
    assert "you owe $7" in by_word  # after a wide emoji (two columns), still under its words
    assert " You owe $40" in {f.text[: len(" You owe $40")] for f in found}  # the tab before it, one column


def test_without_a_terminal_or_columns_the_width_is_120_and_never_under_40(monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "-p", str(LONG_PHRASE), str(LONG_LINES), "--fail-on", "never")
    wide = [f.source for f in shown(lexlint(*args).out)]
    assert max(map(columns, wide)) == 120
    monkeypatch.setenv("COLUMNS", "10")
    narrow = [f.source for f in shown(lexlint(*args).out)]
    assert max(map(columns, narrow)) == 40
    monkeypatch.setenv("COLUMNS", "wide")  # not a number: as if unset
    assert [f.source for f in shown(lexlint(*args).out)] == wide


def test_a_macro_line_with_escapes_is_shown_decoded_with_carets_under_the_words() -> None:
    raw = ESCAPED_MACROS.read_text(encoding="utf-8")
    assert "\\n\\nThanks for your patience \\u2014 you owe $40.12" in raw  # in the file, one escaped line
    ran = lexlint("check", str(ESCAPED_MACROS), "--color", "never")
    assert ran.code == 1
    (owe,) = [f for f in shown(ran.out) if "[you-owe]" in f.header]
    finding = json.loads(lexlint("check", str(ESCAPED_MACROS), "--format", "json").out)["findings"][0]
    line, column = finding["line"], finding["column"]
    assert owe.header.startswith(f"{ESCAPED_MACROS}:{line}:{column}: warning[you-owe] ")  # the file's line:col
    assert raw.splitlines()[line - 1][column - 1 :].startswith("you owe $40.12")
    assert owe.source == f"{line} | Thanks for your patience \u2014 you owe $40.12 on this account."
    assert "\\n" not in owe.source and "\\u" not in owe.source
    assert owe.underlined == "you owe $40.12" == finding["matched"]


def test_html_csv_jsonl_and_e_mail_show_the_message_line_a_text_file_its_own() -> None:
    out = lexlint("check", str(FIXTURES / "sources"), "--color", "never", "--fail-on", "never").out
    lines = {"{where}:{line}:{column} {rule}".format(**HEADER.match(f.header).groupdict()): f for f in shown(out)}
    sources = FIXTURES / "sources"
    assert lines[f"{sources}/replies.jsonl:1:20 empathy-before-fix"].text == 'Hi Ana — we\'ve refunded "both" orders.'
    assert lines[f"{sources}/front_templates.json:1:130 no-problem"].text == "No problem at all."  # HTML in JSON
    assert lines[f"{sources}/front_templates.json:1:130 no-problem"].underlined == "No problem at all"
    eml = lines[f"{sources}/reply_qp.eml:13:53 you-should-have"]
    # quoted-printable, decoded, and its soft line break joined: the line as the customer's mail reader shows it
    assert eml.text == (
        "I’m sorry the café order arrived late. You should have read the email we sent. "
        "I have refunded the delivery fee."
    )
    assert eml.underlined == "You should have read"
    # a file whose line holds the message's line as written keeps showing it: plain text, Markdown, YAML blocks
    assert lines[f"{sources}/draft_crlf_bom.txt:3:37 you-should-have"].text.startswith("I’m sorry your café")
    assert lines[f"{sources}/chat_script.md:5:47 our-policy"].text.startswith("**Agent:** I'm sorry")
    assert lines[f"{sources}/zendesk_macros.yaml:7:11 closing-last"].text == "          We've refunded your café order."


def test_a_cached_run_shows_the_decoded_line_as_a_fresh_one(tmp_path: Path) -> None:
    macros = tmp_path / "macros.json"
    macros.write_bytes(ESCAPED_MACROS.read_bytes())
    fresh = lexlint("check", str(macros), "--no-cache", cwd=tmp_path).out
    assert lexlint("check", str(macros), cwd=tmp_path).out == fresh
    assert (tmp_path / ".lexlint_cache").is_dir()
    assert lexlint("check", str(macros), cwd=tmp_path).out == fresh  # from the cache: no file decoded again
    assert "| Thanks for your patience — you owe $40.12 on this account." in fresh


def test_control_characters_in_a_decoded_line_are_still_shown(tmp_path: Path) -> None:
    macros = tmp_path / "macros.json"
    macros.write_text(json.dumps({"Balance": "Hi,\n\nYou owe \u001b[2J$40 on this account.\n"}), encoding="utf-8")
    out = lexlint("check", str(macros), "--color", "never").out
    (owe,) = [f for f in shown(out) if "[you-owe]" in f.header]
    assert owe.text == "You owe \u241b[2J$40 on this account." and "\x1b" not in out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pseudo-terminal")
@pytest.mark.parametrize(
    ("env", "size", "coloured", "width"),
    [
        ({}, 50, True, 50),  # a terminal: colour, and its own width
        ({"NO_COLOR": "1"}, 50, False, 50),
        ({"COLUMNS": "70"}, 50, True, 70),  # COLUMNS first, as shutil reads it
    ],
)
def test_on_a_terminal(env: dict[str, str], size: int, coloured: bool, width: int) -> None:
    out = on_terminal(size, env, "check", "-q", "--no-cache", "-p", str(LONG_PHRASE), str(LONG_LINES))
    assert (ANSI in out) is coloured
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    found = shown(plain)
    assert len(found) >= 5 and max(columns(f.source) for f in found) == width
    assert "you owe $7" in {f.underlined for f in found}


def on_terminal(columns: int, env: dict[str, str], *args: str) -> str:
    """What `lexlint ARGS` prints with its output on a pseudo-terminal `columns` wide."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "lexlint", *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120  # a guard against a hang, not a measure
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1)
            if not ready:
                continue
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the command has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
        proc.wait(timeout=60)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_the_readme_and_the_reports_page_show_what_lexlint_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [front] = re.findall(r"^```console\n\$ lexlint check examples/\n(.*?)^…$", readme, re.M | re.S)
    assert HEADER.match(front)
    assert front in lexlint("check", "examples/", "--color", "never").out
    page = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(\w*)\n(.*?)^```$", page, re.M | re.S)  # each fence with its closing one
    [sample] = [body for lang, body in blocks if not lang and HEADER.match(body)]
    macro = lexlint("check", str(ESCAPED_MACROS.relative_to(ROOT)), "--color", "never").out
    assert sample.replace("macros/balance.json", str(ESCAPED_MACROS.relative_to(ROOT))) in macro
