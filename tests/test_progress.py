"""The progress bar is for a person at a terminal: never in a quiet run or a piped one."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import lexlint


def test_quiet_and_piped_runs_print_no_progress(replies: Path, tmp_path: Path):
    ran = lexlint(
        "check", str(replies), "--format", "json", "--fail-on", "never", "--quiet", "--no-cache", cwd=tmp_path
    )
    assert ran.code == 0 and ran.err == ""


def test_the_progress_bar_shows_only_on_a_terminal():
    from lexlint.run.progress import progress_bar

    with progress_bar(stream=io.StringIO()) as progress:
        assert progress is None
    with progress_bar(enabled=False) as progress:
        assert progress is None
