"""A command loads only what it needs: light commands and fully cached runs start without spaCy, the
engine or the readers, a run on a server without the readers or an HTTP library, and the pipeline leaves out
spaCy's own command line until it is asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from servers import Server

from conftest import ROOT, lexlint, lexlint_child

HEAVY = ("spacy", "thinc", "numpy")


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["rules"], ["explain", "you-owe"], ["check", "--help"]])
def test_light_commands_do_not_import_spacy(args: list[str]):
    child = lexlint_child(*args)
    assert child.code == 0
    assert [m for m in HEAVY if m in child.modules] == []


def test_check_leaves_the_language_server_and_its_libraries_alone(tmp_path: Path):
    """`lexlint lsp` is a command like the others, but only it loads pygls: a check does not pay for it."""
    draft = tmp_path / "draft.txt"
    draft.write_text("You owe $40 on this account.\n", encoding="utf-8")
    child = lexlint_child("check", str(draft), "--no-cache", "--fail-on", "never", cwd=tmp_path)
    assert child.code == 0
    assert [
        m for m in child.modules if m.split(".")[0] in ("pygls", "lsprotocol", "cattrs") or m.startswith("lexlint.lsp")
    ] == []


def test_a_fully_cached_run_does_not_load_the_pipeline(replies: Path, tmp_path: Path):
    args = ("check", str(replies), "--format", "json", "--fail-on", "never")
    lexlint(*args, cwd=tmp_path)
    child = lexlint_child(*args, cwd=tmp_path)
    assert child.code == 0
    assert [m for m in ("spacy", "lexlint.engine", "multiprocessing") if m in child.modules] == []
    assert json.loads(child.out)["summary"]["files"] == 40


def test_a_cached_run_on_named_files_imports_no_reader(replies: Path, tmp_path: Path):
    """As pre-commit calls it: files by name. Only walking a folder needs the readers' extensions."""
    args = ("check", *[str(p) for p in sorted(replies.iterdir())[:5]], "--format", "json", "--fail-on", "never")
    lexlint(*args, cwd=tmp_path)
    child = lexlint_child(*args, cwd=tmp_path)
    assert child.code == 0
    from lexlint.sources import READERS

    assert [m for m in READERS.values() if m in child.modules] == []
    assert json.loads(child.out)["summary"]["files"] == 5


def test_a_run_on_a_server_imports_no_reader_no_http_library_and_no_pool(replies: Path, tmp_path: Path):
    """What the pre-commit hook runs with LEXLINT_SERVER set, on every commit: the server reads and lints each
    file; this run sends the text and waits, so it imports neither the readers, nor the engine, nor what the
    server runs on."""
    server = Server(cwd=tmp_path)
    try:
        named = [str(p) for p in sorted(replies.iterdir())[:3]]
        args = ("check", *named, "--format", "json", "--fail-on", "never", "--no-cache")
        child = lexlint_child(*args, "--server", server.url, cwd=tmp_path)
        assert child.code == 0
        from lexlint.sources import READERS

        unneeded = (*READERS.values(), *HEAVY, "lexlint.engine", "lexlint.serve.service", "starlette")
        unneeded += ("multiprocessing", "urllib.request", "http.client", "ssl")
        assert [m for m in unneeded if m in child.modules] == []
        assert child.out == lexlint(*args, cwd=tmp_path).out
        assert '"POST /v1/findings" 200' in server.output()  # the server linted them
    finally:
        server.stop()


def test_the_pipeline_leaves_out_spacys_command_line_interface_until_asked(tmp_path: Path):
    report = tmp_path / "pipeline.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "child_pipeline.py"), str(report)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(report.read_text(encoding="utf-8"))
    assert seen["words"] == ["Sorry", "about", "that", "."]
    assert seen["before"] == []
    assert seen["download"] and seen["typer_after"] and seen["info"]  # still there when asked for
