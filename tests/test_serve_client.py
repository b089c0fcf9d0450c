"""`lexlint check --server URL` on a real `lexlint serve`: the same report, byte for byte, as a local run on
the fixtures in every format, with only text sent; a server that is down, has other settings or lacks a
profile is passed over with a note and the files are linted here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from servers import Server, free_port

from conftest import FIXTURES, ROOT, lexlint

FORMATS = ("json", "text", "sarif", "junit", "github")


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples and the reader fixtures, in a folder of their own."""
    folder = tmp_path_factory.mktemp("client") / "messages"
    shutil.copytree(ROOT / "examples", folder / "examples")
    shutil.copytree(FIXTURES / "sources", folder / "sources")
    return folder


@pytest.fixture(scope="module")
def server(messages: Path):
    running = Server("--offer-profile", "recovery", cwd=messages.parent)
    yield running
    running.stop()


def _both(messages: Path, url: str, *args: str):
    here = lexlint("check", "messages", "--no-cache", "--fail-on", "never", *args, cwd=messages.parent)
    there = lexlint(
        "check", "messages", "--no-cache", "--fail-on", "never", "--server", url, *args, cwd=messages.parent
    )
    return here, there


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_server_run_reports_what_a_local_run_reports(server: Server, messages: Path, fmt: str):
    posted = server.output().count('"POST /v1/findings" 200')
    here, there = _both(messages, server.url, "--format", fmt)
    assert there.out == here.out
    assert there.code == here.code
    assert "note: " not in there.err.replace(here.err, "")  # no note of its own: the server answered
    assert server.output().count('"POST /v1/findings" 200') > posted  # and it was the server that linted


def test_with_context_fields_and_an_offered_profile(server: Server, messages: Path):
    (messages.parent / "customer.txt").write_text("My parcel was lost and I'm upset.", encoding="utf-8")
    here, there = _both(messages, server.url, "--format", "json", "--context", "customer.txt", "--profile", "recovery")
    assert there.out == here.out and "recovery" not in there.err


def test_select_and_ignore_apply_here(server: Server, messages: Path):
    here, there = _both(messages, server.url, "--format", "json", "--select", "billing", "--ignore", "hello-goodbye")
    assert there.out == here.out


def test_a_server_without_the_profile_is_passed_over_with_a_note(server: Server, messages: Path):
    here, there = _both(messages, server.url, "--format", "json", "--profile", "cicare")
    assert there.out == here.out
    assert "has not loaded the profiles cicare; linting here" in there.err


def test_a_server_with_other_settings_is_passed_over_with_a_note(server: Server, messages: Path):
    book = str(FIXTURES / "phrasebooks" / "empathy-and-fix.yaml")
    here, there = _both(messages, server.url, "--format", "json", "-p", book)
    assert there.out == here.out
    assert "has other settings" in there.err and "linting here" in there.err


def test_a_server_that_is_down_is_passed_over_with_a_note(messages: Path):
    url = f"http://127.0.0.1:{free_port()}"
    here, there = _both(messages, url, "--format", "json")
    assert there.out == here.out and there.code == here.code
    assert f"note: no lexlint server answers at {url}" in there.err


def test_the_server_may_come_from_the_environment(server: Server, messages: Path, monkeypatch: pytest.MonkeyPatch):
    posted = server.output().count('"POST /v1/findings" 200')
    here = lexlint("check", "messages/examples", "--no-cache", "--format", "json", cwd=messages.parent)
    monkeypatch.setenv("LEXLINT_SERVER", server.url)
    there = lexlint("check", "messages/examples", "--no-cache", "--format", "json", cwd=messages.parent)
    assert there.out == here.out
    assert server.output().count('"POST /v1/findings" 200') > posted


def test_the_server_may_come_from_the_config(server: Server, tmp_path: Path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    here = lexlint("check", "examples", "--no-cache", "--format", "json", cwd=tmp_path)
    (tmp_path / "lexlint.yaml").write_text(f"server: {server.url}\n", encoding="utf-8")
    posted = server.output().count('"POST /v1/findings" 200')
    there = lexlint("check", "examples", "--no-cache", "--format", "json", cwd=tmp_path)
    assert there.out == here.out and there.code == here.code
    assert server.output().count('"POST /v1/findings" 200') > posted


def test_the_findings_route_takes_a_file_name_never_a_path(server: Server):
    import httpx

    for name in ("../../etc/passwd", "/etc/passwd", ""):
        answer = httpx.post(f"{server.url}/v1/findings", json={"text": "You owe $4.", "name": name})
        assert answer.status_code == 422 and "file name" in answer.json()["error"]
    ok = httpx.post(f"{server.url}/v1/findings", json={"text": "You owe $4.", "name": "reply.txt"}).json()
    assert [row[5] for row in ok["findings"]] == ["you-owe"]
