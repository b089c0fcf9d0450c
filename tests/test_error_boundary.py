"""One error boundary: whatever goes wrong with one file is that file's one-line error and the run goes on
(with workers too); a bug in lexlint exits 3, Ctrl-C 130, and workers never outlive the run. Only regular
files are read; an unreadable file or folder is an error, never a usage error or a silent skip."""

from __future__ import annotations

import ctypes
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, lexlint, lexlint_process

OWE = "You owe $5 on this account.\n"


def _folder(tmp_path: Path, count: int, bad: str | None = None, name: str = "bad.txt") -> Path:
    folder = tmp_path / "replies"
    folder.mkdir()
    for i in range(count):
        (folder / f"r{i:03}.txt").write_text(OWE, encoding="utf-8")
    if bad is not None:
        (folder / name).write_text(bad, encoding="utf-8")
    return folder


@pytest.fixture
def faulty_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy's pipeline failing on one message: a fault lexlint did not foresee, as a bug in a check or in
    spaCy would be. Worker processes are forked, so they inherit it."""
    from spacy.language import Language

    original = Language.pipe

    def pipe(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        texts = list(texts)  # texts, or docs made from them
        if any("BOOM" in (t if isinstance(t, str) else t.text) for t in texts):
            raise RuntimeError("the pipeline broke on this text")
        return original(self, texts, **kwargs)

    monkeypatch.setattr(Language, "pipe", pipe)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_met_in_one_file_is_that_files_error_and_the_others_are_linted(tmp_path, faulty_pipeline, jobs):
    folder = _folder(tmp_path, 24, bad="BOOM. You owe $5.\n")
    ran = lexlint("check", str(folder), "--no-cache", "--format", "json", "-j", jobs)
    assert ran.code == 3  # a bug: neither 1 (findings) nor 2 (the user's mistake)
    errors = [line for line in ran.err.splitlines() if "error" in line]
    assert len(errors) == 1
    assert re.fullmatch(
        re.escape(
            f"lexlint: error: {folder / 'bad.txt'}: internal error: RuntimeError: the pipeline "
            "broke on this text at lexlint/nlp.py:"
        )
        + r"\d+; this is a bug in lexlint, "
        "please report it with this file",
        errors[0],
    )
    paths = {f["path"] for f in json.loads(ran.out)["findings"]}
    assert paths == {str(folder / f"r{i:03}.txt") for i in range(24)}


def test_a_bug_met_while_fixing_one_file_is_that_files_error_and_the_others_are_fixed(tmp_path, faulty_pipeline):
    folder = _folder(tmp_path, 3, bad="BOOM. You owe $5.\n")
    ran = lexlint("check", str(folder), "--no-cache", "--fix")
    assert ran.code == 3, ran.err
    assert f"{folder / 'bad.txt'}: internal error: RuntimeError" in ran.err and "Traceback" not in ran.err
    assert (folder / "bad.txt").read_text(encoding="utf-8") == "BOOM. You owe $5.\n"
    assert all("Our records show" in (folder / f"r{i:03}.txt").read_text(encoding="utf-8") for i in range(3))


def test_a_bug_while_reading_one_file_is_that_files_error(tmp_path, monkeypatch):
    import email

    def broken(text, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyError("Content-Type")

    monkeypatch.setattr(email, "message_from_string", broken)
    folder = _folder(tmp_path, 3, bad="Subject: hi\n\nYou owe $5.\n", name="draft.eml")
    ran = lexlint("check", str(folder), "--no-cache")
    assert ran.code == 3
    assert f"{folder / 'draft.eml'}: internal error: KeyError: 'Content-Type' at lexlint/sources/eml.py:" in ran.err
    assert ran.out.count("you-owe") == 3


def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status and "\nState:\tX" not in status


def _as_a_terminal_starts_it() -> None:
    """Ctrl-C at its default and not blocked in the child, whatever the test process's own state: a process
    started with SIGINT ignored keeps it ignored (Python then installs no KeyboardInterrupt handler)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _busy_run(tmp_path: Path) -> tuple[subprocess.Popen, set[int]]:
    """`lexlint check -j 2` on enough text to keep two workers busy for a while, once both have started."""
    folder = tmp_path / "many"
    folder.mkdir(parents=True)
    for i in range(200):
        (folder / f"m{i:03}.txt").write_text(
            "Thanks for writing in. You owe $5 on this account. " * 400, encoding="utf-8"
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "lexlint", "check", str(folder), "-j", "2", "--no-cache", "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_as_a_terminal_starts_it,
    )
    deadline = time.monotonic() + 30
    while len(workers := _children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if len(workers) < 2:
        proc.kill()
        pytest.fail("the run did not start two workers")
    return proc, workers


def _gone(pids: set[int], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_alive(p) for p in pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_ctrl_c_exits_130_and_stops_the_workers(tmp_path):
    # A run that ended before the signal reached it (exit 1: its findings) says nothing of Ctrl-C: tried
    # again, at most three times; any other outcome fails at once.
    for attempt in range(3):
        proc, workers = _busy_run(tmp_path / str(attempt))
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends Ctrl-C: to the whole process group
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("the run went on after Ctrl-C")
        err = proc.stderr.read().decode()
        if proc.returncode == 1 and not err.strip():
            continue
        assert proc.returncode == 130, err
        assert "Traceback" not in err
        assert err.strip() == "lexlint: interrupted"
        assert _gone(workers)
        return
    pytest.fail("every run ended before Ctrl-C reached it")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_workers_die_with_a_killed_run(tmp_path):
    proc, workers = _busy_run(tmp_path)
    proc.kill()
    proc.wait(timeout=20)
    assert _gone(workers), "a worker went on linting after its run was killed"


def test_a_fifo_named_or_met_in_a_walk_is_skipped_with_a_note(tmp_path):
    folder = _folder(tmp_path, 1)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "named.txt")
    try:  # a FIFO nobody writes to would block a read forever: the timeout is the failure
        ran = lexlint_process("check", "--no-cache", str(tmp_path / "named.txt"), str(folder), timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("lexlint blocked on a FIFO")
    assert ran.code == 1  # the findings of the regular file; a skipped FIFO is no error
    assert f"lexlint: note: {tmp_path / 'named.txt'}: a FIFO (named pipe), not a regular file: skipped" in ran.err
    assert f"lexlint: note: {folder / 'pipe.txt'}: a FIFO (named pipe), not a regular file: skipped" in ran.err
    assert "r000.txt:1:1: warning[you-owe]" in ran.out


def test_devices_and_sockets_are_skipped_with_a_note(tmp_path):
    folder = _folder(tmp_path, 1)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "live.txt"))
    try:
        ran = lexlint("check", "--no-cache", os.devnull, str(folder))
    finally:
        server.close()
    assert ran.code == 1
    assert f"lexlint: note: {os.devnull}: a character device, not a regular file: skipped" in ran.err
    assert f"lexlint: note: {folder / 'live.txt'}: a socket, not a regular file: skipped" in ran.err


def test_a_pipe_is_still_read_as_the_context(tmp_path):
    reply = tmp_path / "reply.txt"
    reply.write_text("I've refunded the charge.\n", encoding="utf-8")
    read, write = os.pipe()
    os.write(write, b"My card was charged twice, this is a problem.\n")
    os.close(write)
    try:
        ran = lexlint("check", "--no-cache", str(reply), "--context", f"/dev/fd/{read}")
    finally:
        os.close(read)
    assert ran.code == 1
    assert "empathy" in ran.out  # the customer's problem came through the pipe


# ---- unreadable files and folders ------------------------------------------------------------------

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _without_root_reads() -> None:
    """In the child, before exec: root without the capabilities that let it read any file, so that a
    chmod 000 file is as unreadable as it is for everyone else."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _run_unprivileged(*args: str, probe: Path) -> subprocess.CompletedProcess:
    preexec = _without_root_reads if os.geteuid() == 0 else None
    try:
        check = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}).read()"], capture_output=True, preexec_fn=preexec
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot run without the right to read every file here: {exc}")
    if check.returncode == 0:
        pytest.skip("this process reads files whatever their mode")
    return subprocess.run(
        [sys.executable, "-m", "lexlint", *args], cwd=ROOT, capture_output=True, preexec_fn=preexec, timeout=120
    )


@pytest.mark.skipif(not hasattr(os, "geteuid") or not sys.platform.startswith("linux"), reason="POSIX modes")
def test_an_unreadable_named_file_and_walked_folder_are_errors_and_the_rest_is_linted(tmp_path):
    folder = _folder(tmp_path, 2)
    locked_file = tmp_path / "locked.txt"
    locked_file.write_text(OWE, encoding="utf-8")
    locked_folder = folder / "private"
    locked_folder.mkdir()
    (locked_folder / "inside.txt").write_text(OWE, encoding="utf-8")
    locked_file.chmod(0)
    locked_folder.chmod(0)
    try:
        for fmt in ("text", "json"):
            proc = _run_unprivileged(
                "check", "--no-cache", "--format", fmt, str(locked_file), str(folder), probe=locked_file
            )
            err = proc.stderr.decode()
            assert proc.returncode == 2, err  # not a usage error that stops everything
            assert f"lexlint: error: {locked_file}: cannot read: Permission denied" in err
            assert f"lexlint: error: {locked_folder}: cannot read folder: Permission denied" in err
            assert "Usage:" not in err
            assert proc.stdout.decode().count("r00") == 2  # both readable files linted
    finally:
        locked_folder.chmod(0o755)
        locked_file.chmod(0o644)


def test_a_file_not_linted_is_an_error_in_every_format(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(OWE, encoding="utf-8")
    bad = tmp_path / "macros.json"
    bad.write_text('{"body": "You owe $5.", "body": "Hi."}', encoding="utf-8")
    missing = str(tmp_path / "missing.txt")
    runs = {
        fmt: lexlint("check", "--no-cache", "--format", fmt, str(bad), missing, str(draft))
        for fmt in ("text", "json", "sarif", "junit", "github")
    }
    assert {fmt: ran.code for fmt, ran in runs.items()} == dict.fromkeys(runs, 2)
    assert json.loads(runs["json"].out)["file_errors"] == [
        {
            "path": str(bad),
            "line": 1,
            "column": 25,
            "message": "duplicate key 'body' (json keeps only the last, so the others would go unlinted)",
        },
        {"path": missing, "line": None, "column": None, "message": "cannot read: No such file or directory"},
    ]
    [invocation] = json.loads(runs["sarif"].out)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert [
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for n in invocation["toolExecutionNotifications"]
    ] == [str(bad), missing]
    assert 'errors="2"' in runs["junit"].out
    assert f'<error type="lexlint" message="{missing}: cannot read: No such file or directory" />' in runs["junit"].out
    assert f"::error file={bad},line=1,col=25,title=lexlint::duplicate key 'body'" in runs["github"].out
    assert f"::error file={missing},title=lexlint::cannot read: No such file or directory" in runs["github"].out
    assert runs["text"].out.rstrip().endswith("2 files could not be read.")
