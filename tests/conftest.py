"""Shared test helpers: where the fixtures and the corpus are, and one way to run the command line."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import pytest
from generated import write_replies, write_reply_rows

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# LEXLINT_CORPUS=/nonexistent runs the suite as a checkout without ../shared/corpus beside it would.
CORPUS = Path(os.environ.get("LEXLINT_CORPUS") or ROOT.parent / "shared" / "corpus")


@pytest.fixture(scope="session", autouse=True)
def _no_cache_left_in_the_clone():
    """CLI runs from the clone's root write their findings cache there: removed again, unless it was there before."""
    cache = ROOT / ".lexlint_cache"
    existed = cache.exists()
    yield
    if not existed:
        shutil.rmtree(cache, ignore_errors=True)


@pytest.fixture(autouse=True)
def _a_plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the report as a pipe with no terminal settings would: colour and width come from what
    the test sets, never from the shell that runs the suite (a CI runner that exports FORCE_COLOR or COLUMNS)."""
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        # set, then removed: removing alone would leave a value os.environ never saw in the environment child
        # processes inherit (GNU readline, once loaded, exports COLUMNS and LINES: 80 without a terminal)
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def default_linter():
    from lexlint.engine import Linter
    from lexlint.rulebook.phrasebook import load_phrasebooks

    return Linter(load_phrasebooks())


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture
def replies(tmp_path: Path) -> Path:
    """A folder of 40 short replies, one per .txt file, some with findings and some without."""
    return write_replies(tmp_path / "replies", 40)


@pytest.fixture
def reply_rows(tmp_path: Path) -> Path:
    """One JSONL export of 300 replies, a `text` field per row."""
    return write_reply_rows(tmp_path / "replies.jsonl", 300)


class Ran(NamedTuple):
    """What one lexlint command printed and the code it exited with."""

    code: int
    out: str
    err: str


def lexlint(*args: str, cwd: Path | None = None, stdin: str | bytes | None = None) -> Ran:
    """`lexlint ARGS` from folder `cwd` (the clone's root unless given), run in this process through click's
    runner: the loaded pipeline is kept between calls, and a test may patch the modules the command uses."""
    from click.testing import CliRunner

    from lexlint.cli import main

    with contextlib.chdir(cwd or ROOT):
        result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)


def lexlint_process(
    *args: str,
    cwd: Path | None = None,
    stdin: str | bytes | None = None,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
) -> Ran:
    """`python -m lexlint ARGS` in a process of its own, for what only a real process shows: the exit code
    of `os._exit`, the streams it was given, a limit on how long it may take, variables read at start-up
    (`env`: added to this process's environment). Bytes that are not UTF-8 come back as surrogates."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "lexlint", *args],
        input=data,
        capture_output=True,
        cwd=cwd or ROOT,
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )
    return Ran(
        proc.returncode, proc.stdout.decode("utf-8", "surrogateescape"), proc.stderr.decode("utf-8", "surrogateescape")
    )


class Child(NamedTuple):
    """A command run in a fresh interpreter: its exit code and output, the modules it loaded, the files it opened."""

    code: object
    out: str
    modules: list[str]
    opened: list[str]


def lexlint_child(*args: str, cwd: Path | None = None, settled: bool = False) -> Child:
    """`lexlint ARGS` in a fresh interpreter (tests/child_run.py), to see what a run loads and opens.
    `settled`: files written a moment ago may be known by their stat, as files a user saved earlier are."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        proc = subprocess.run(
            [
                sys.executable,
                str(ROOT / "tests" / "child_run.py"),
                str(report),
                *(["--settled"] if settled else []),
                "--",
                *args,
            ],
            capture_output=True,
            text=True,
            cwd=cwd or ROOT,
        )
        assert proc.returncode == 0 and report.exists(), proc.stderr
        seen = json.loads(report.read_text(encoding="utf-8"))
    return Child(seen["code"], proc.stdout, seen["modules"], seen["opened"])


# ---- a real browser: Debian's Chromium driven by Playwright (never a browser download) -----------------

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots and figures the browser tests leave (ignored by git)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):  # .ci/run installs it: missing there is a failure, not a skip
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()
