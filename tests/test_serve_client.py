"""`lexlint check --server URL` on a real `lexlint serve`: the same report, byte for byte, as a local run on
the fixtures in every format, with only text sent; a server that is down, has other settings or lacks a
profile is passed over with a note and the files are linted here."""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

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


def test_a_file_the_servers_reader_refuses_is_that_files_error_as_a_local_run_gives_it(server: Server, tmp_path: Path):
    """The server reads each file's text; one its reader refuses is read here too, for the error a local run
    reports, and the run goes on on the server (no note that it stopped answering)."""
    (tmp_path / "broken.json").write_text('{"Refund": "You owe $4.', encoding="utf-8")
    (tmp_path / "numbers.json").write_text("[1, 2, 3]", encoding="utf-8")
    (tmp_path / "reply.txt").write_text("You owe $4.", encoding="utf-8")
    args = ("check", "broken.json", "numbers.json", "reply.txt", "--no-cache", "--format", "json")
    here = lexlint(*args, cwd=tmp_path)
    refused = server.output().count('"POST /v1/findings" 422')
    linted = server.output().count('"POST /v1/findings" 200')
    there = lexlint(*args, "--server", server.url, cwd=tmp_path)
    assert (there.out, there.err, there.code) == (here.out, here.err, here.code)
    assert "invalid JSON" in there.err and "no text fields found" in there.err
    assert _logged(server, '"POST /v1/findings" 422', at_least=refused + 2) == refused + 2
    assert _logged(server, '"POST /v1/findings" 200', at_least=linted + 1) == linted + 1


def _logged(server: Server, line: str, at_least: int = 0) -> int:
    """How often the server's log has `line`, once it has it `at_least` times (its log line for a request is
    written just after the answer, so the last may not be there yet when the run ends) or a while has passed."""
    deadline = time.monotonic() + 10
    while (count := server.output().count(line)) < at_least and time.monotonic() < deadline:
        time.sleep(0.05)
    return count


class _Relay(http.server.ThreadingHTTPServer):
    """Between the client and the server: what it is asked it asks the server, and answers in chunks of 64
    bytes (as a proxy may). Asked as a proxy, it is sent the whole URL."""

    def __init__(self, target: str) -> None:
        super().__init__(("127.0.0.1", 0), _Relayed)
        self.target = target
        self.asked: list[str] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class _Relayed(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Relay

    def do_GET(self) -> None:
        self._relay(None)

    def do_POST(self) -> None:
        self._relay(self.rfile.read(int(self.headers["Content-Length"])))

    def _relay(self, body: bytes | None) -> None:
        import httpx

        self.server.asked.append(self.path)
        with httpx.Client(trust_env=False) as client:  # not through the proxy this relay is
            answer = client.request(
                self.command, self.server.target + urlsplit(self.path).path, content=body, headers=dict(self.headers)
            )
        self.send_response(answer.status_code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for at in range(0, len(answer.content), 64):
            piece = answer.content[at : at + 64]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def relay(server: Server):
    running = _Relay(server.url)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


def test_a_server_behind_a_relay_that_answers_in_chunks(relay: _Relay, messages: Path):
    here, there = _both(messages, relay.url, "--format", "json")
    assert there.out == here.out
    assert "note: " not in there.err.replace(here.err, "")
    assert "/v1/health" in relay.asked and "/v1/findings" in relay.asked


def test_a_proxy_named_by_http_proxy_is_used(
    server: Server, relay: _Relay, messages: Path, monkeypatch: pytest.MonkeyPatch
):
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", relay.url)
    here, there = _both(messages, server.url, "--format", "json")
    assert there.out == here.out
    assert "note: " not in there.err.replace(here.err, "")
    assert f"{server.url}/v1/findings" in relay.asked  # the whole URL: asked as a proxy
