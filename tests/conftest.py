from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session", autouse=True)
def _no_cache_left_in_the_clone():
    """CLI runs from the clone's root write their findings cache there: removed again, unless it was there before."""
    cache = ROOT / ".lexlint_cache"
    existed = cache.exists()
    yield
    if not existed:
        shutil.rmtree(cache, ignore_errors=True)


@pytest.fixture(scope="session")
def default_linter():
    from lexlint.engine import Linter
    from lexlint.rulebook.phrasebook import load_phrasebooks

    return Linter(load_phrasebooks())


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    return CORPUS


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The installed command, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "lexlint", *args], input=stdin, capture_output=True, cwd=cwd or ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


class Ran:
    """What an in-process CLI call printed and returned (the same shape as a finished subprocess)."""

    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.returncode, self.out, self.err = code, stdout, stderr


def invoke(*args: str, stdin: str | None = None) -> Ran:
    """The command line, called in this process through click's runner: fast, and just as real."""
    from click.testing import CliRunner

    from lexlint.cli import main

    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)
