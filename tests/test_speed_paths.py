"""Workers, the cache and the lazy start change how fast lexlint runs, never what it reports."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from lexlint.cli import main
from tests.conftest import ROOT


def _write_replies(corpus: Path, folder: Path, count: int) -> Path:
    folder.mkdir()
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:count]
    for i, line in enumerate(lines):
        (folder / f"reply-{i:04d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
    return folder


@pytest.fixture
def replies(corpus: Path, tmp_path: Path) -> Path:
    return _write_replies(corpus, tmp_path / "replies", 200)


class _Out(NamedTuple):
    returncode: int
    stdout: bytes
    stderr: bytes


def _run(*args: str, cwd: Path) -> _Out:
    """The CLI in this process (the pipeline stays loaded between runs), from folder `cwd`."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        out = CliRunner().invoke(main, list(args))
    return _Out(out.exit_code, out.stdout_bytes, out.stderr_bytes or b"")


def _check(folder: Path, *args: str, cwd: Path) -> _Out:
    return _run("check", str(folder), "--format", "json", "--fail-on", "never", *args, cwd=cwd)


def test_two_workers_report_exactly_what_one_process_does(replies: Path, tmp_path: Path):
    one = _check(replies, "--jobs", "1", "--no-cache", cwd=tmp_path)
    two = _check(replies, "--jobs", "2", "--no-cache", cwd=tmp_path)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert json.loads(one.stdout)["summary"]["findings"] > 3
    assert two.stdout == one.stdout
    assert not (tmp_path / ".lexlint_cache").exists()


def test_one_big_file_shared_by_two_workers_reports_what_one_process_does(corpus: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    from lexlint import workers

    monkeypatch.setattr(workers, "SPREAD_MIN_SEGMENTS", 16)
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:300]
    big = tmp_path / "replies.jsonl"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = _check(big, "--jobs", "1", "--no-cache", cwd=tmp_path)
    two = _check(big, "--jobs", "2", "--no-cache", cwd=tmp_path)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert json.loads(one.stdout)["summary"]["findings"] > 3
    assert two.stdout == one.stdout


def test_a_cached_run_reports_what_a_fresh_run_does(replies: Path, tmp_path: Path):
    fresh = _check(replies, "--no-cache", cwd=tmp_path)
    first = _check(replies, cwd=tmp_path)
    entries = list((tmp_path / ".lexlint_cache").rglob("*.json"))
    assert len(entries) == 200
    second = _check(replies, cwd=tmp_path)
    assert fresh.stdout == first.stdout == second.stdout


def test_the_cache_follows_the_file_and_the_phrasebook(replies: Path, tmp_path: Path):
    _check(replies, cwd=tmp_path)
    target = replies / "reply-0000.txt"
    target.write_text("You owe $40. You need to pay it today.", encoding="utf-8")
    after = json.loads(_check(replies, cwd=tmp_path).stdout)
    rules = {f["rule"] for f in after["findings"] if f["path"] == str(target)}
    assert {"you-owe", "you-need-to"} <= rules
    no_default = json.loads(_check(replies, "--no-default", cwd=tmp_path).stdout)
    assert no_default["summary"]["findings"] < after["summary"]["findings"]


DAMAGE = [b"", b"{not json", b'{"key": "x", "findings": []}', b'{"findings": [{"rule": 3}]}', b"\x00\xff",
          b'{"key": "K", "findings": [{"rule": "x"}]}']


def test_a_damaged_cache_entry_is_ignored_and_replaced(replies: Path, tmp_path: Path):
    fresh = _check(replies, "--no-cache", cwd=tmp_path)
    _check(replies, cwd=tmp_path)
    entries = sorted((tmp_path / ".lexlint_cache").rglob("*.json"))
    damaged = entries[: len(DAMAGE)]
    for entry, damage in zip(damaged, DAMAGE):
        key = entry.parent.name + entry.stem
        entry.write_bytes(damage.replace(b"K", key.encode()))
    again = _check(replies, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout == fresh.stdout
    for entry in damaged:
        assert isinstance(json.loads(entry.read_text(encoding="utf-8"))["findings"], list)


def test_clean_removes_the_cache(replies: Path, tmp_path: Path):
    _check(replies, cwd=tmp_path)
    assert (tmp_path / ".lexlint_cache").is_dir()
    out = _run("clean", cwd=tmp_path)
    assert out.returncode == 0 and b"removed" in out.stdout
    assert not (tmp_path / ".lexlint_cache").exists()
    assert b"no .lexlint_cache" in _run("clean", cwd=tmp_path).stdout


def test_quiet_and_piped_runs_print_no_progress(replies: Path, tmp_path: Path):
    out = _check(replies, "--quiet", "--no-cache", cwd=tmp_path)
    assert out.returncode == 0 and out.stderr == b""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["rules"], ["explain", "you-owe"], ["check", "--help"]])
def test_light_commands_do_not_import_spacy(args: list[str]):
    probe = (
        "import sys\n"
        "from lexlint.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(sorted(m for m in ('spacy', 'thinc', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_progress_bar_only_on_a_terminal():
    import io

    from lexlint.progress import progress_bar

    with progress_bar(stream=io.StringIO()) as progress:
        assert progress is None
    with progress_bar(enabled=False) as progress:
        assert progress is None
