"""Bounded work: readers and masks stay linear on inputs that are quadratic for a naive scan, a phrasebook's
regular expressions cannot backtrack for ever, and a report prints a window of a long line, never all of it.

A hang shows as the subprocess timeout (generous: each input takes well under a second now, and a scan that
restarts from every opener would take minutes on it)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

HANG = 20  # seconds


def lint(*args: str, timeout: float = HANG) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lexlint", "check", "--no-cache", "-j", "1", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT, encoding="utf-8")


OWE = " You owe $40 on this account.\n"

# Each: a file name and a text whose every opener never closes (so a scan from each one runs to the end).
QUADRATIC = {
    "backtick-run.md": "a " + "`" * 100_000 + OWE,
    "backtick-runs.md": " a ".join("`" * n for n in range(1, 450)) + "\n\n" + OWE,
    "unclosed-images.md": "![a" * 70_000 + "\n\n" + OWE,
    "unclosed-link-urls.md": "](<" * 70_000 + "\n\n" + OWE,
    "unclosed-autolinks.md": "<http:" * 35_000 + "\n\n" + OWE,
    "blank-line-indents.md": "\n \n    a" * 25_000 + "\n\n" + OWE,
    "link-urls-without-brackets.md": "](x) " * 40_000 + "\n\n" + OWE,
    "unclosed-tags.html": "<a " * 50_000 + "<p>" + OWE,
    "unclosed-quoted-tags.html": '<p x="' * 25_000 + "<p>" + OWE,
    "long-tag-name.html": "<" + "a" * 80_000 + "<p>" + OWE,
    "unclosed-declarations.html": "<!" * 70_000 + "<p>" + OWE,
    "unclosed-hints.json": '{"macros": [{"title": "t", "body": "' + "<p " * 50_000 + OWE.strip() + '"}]}\n',
}


@pytest.mark.parametrize("name", sorted(QUADRATIC))
def test_reader_is_linear_on_unclosed_openers(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(QUADRATIC[name], encoding="utf-8")
    ran = lint(str(path), "--format", "json")
    assert ran.returncode == 1, ran.stderr
    assert '"rule": "you-owe"' in ran.stdout
