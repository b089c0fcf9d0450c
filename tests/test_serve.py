"""`lexlint serve`, a real server on a free 127.0.0.1 port: /v1 answers as the command line does (the same
JSON, the same fixes, the same explanations), the OpenAPI document describes every route and holds under
Schemathesis, and the server is safe by default (token, origins, body size, queue, time, no file access)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from servers import Server, free_port

from conftest import FIXTURES, ROOT, lexlint, lexlint_child, lexlint_process

KIND_OF = {
    ".txt": "draft",
    ".md": "markdown",
    ".json": "macro",
    ".yaml": "macro-yaml",
    ".html": "html",
    ".eml": "email",
}
SAMPLES = sorted(
    [p for p in (ROOT / "examples").iterdir() if p.suffix in KIND_OF]
    + [p for p in (FIXTURES / "sources").iterdir() if p.suffix in KIND_OF]
)
OWES = "Hi Sam,\n\nYou owe $40.12 on this account. No problem, we will pause the service.\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve")


@pytest.fixture(scope="module")
def server(folder: Path):
    running = Server("--offer-profile", "recovery", cwd=folder)
    yield running
    running.stop()


def _decoded(path: Path) -> str:
    from lexlint.sources import decode

    return decode(str(path), path.read_bytes())


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_lint_gives_what_check_format_json_prints(server: Server, folder: Path, sample: Path):
    from lexlint.serve.service import KINDS

    kind = KIND_OF[sample.suffix]
    name = KINDS[kind].path  # the CLI lints a file of the name the server reads the text as
    text = _decoded(sample)
    (folder / name).write_text(text, encoding="utf-8", newline="")
    local = lexlint("check", name, "--format", "json", "--fail-on", "never", "--no-cache", cwd=folder)
    answer = httpx.post(f"{server.url}/v1/lint", json={"text": text, "kind": kind}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.text == local.out
    assert json.loads(answer.text)["summary"]["files"] == 1


def test_lint_with_the_customers_message_as_context(server: Server, folder: Path):
    reply = "I've refunded the charge. Thanks for your patience."
    customer = "I was charged twice and I'm really upset about it."
    (folder / "draft.txt").write_text(reply, encoding="utf-8")
    (folder / "customer.txt").write_text(customer, encoding="utf-8")
    local = lexlint("check", "draft.txt", "--context", "customer.txt", "--format", "json", "--no-cache", cwd=folder)
    answer = httpx.post(f"{server.url}/v1/lint", json={"text": reply, "context": customer}, timeout=30)
    assert answer.text == local.out
    assert "empathy-before-fix" in {f["rule"] for f in answer.json()["findings"]}
    without = httpx.post(f"{server.url}/v1/lint", json={"text": reply}, timeout=30).json()
    assert "empathy-before-fix" not in {f["rule"] for f in without["findings"]}


def test_lint_with_sentences_draws_the_messages_shape(server: Server):
    """An apology after the fix: the strip shows the fix first, and its positions point into the text sent."""
    draft = "Hi Sam,\n\nI've refunded the charge. I'm so sorry for the trouble. 🙏\n\nThanks, Dana\n"
    plain = httpx.post(f"{server.url}/v1/lint", json={"text": draft}, timeout=30)
    shaped = httpx.post(f"{server.url}/v1/lint", json={"text": draft, "sentences": True}, timeout=30)
    assert shaped.status_code == 200, shaped.text
    answer = shaped.json()
    assert {k: v for k, v in answer.items() if k != "sentences"} == plain.json()
    lines = draft.split("\n")
    for sentence in answer["sentences"]:
        assert sentence["line"] == sentence["end_line"]
        assert lines[sentence["line"] - 1][sentence["column"] - 1 : sentence["end_column"] - 1] == sentence["text"]
    order = [m for s in answer["sentences"] for m in s["moves"] if m in {"fix", "empathy"}]
    assert order[:2] == ["fix", "empathy"]
    assert "sentences" not in plain.json()
    refused = httpx.post(f"{server.url}/v1/lint", json={"text": draft, "sentences": "yes"}, timeout=30)
    assert refused.status_code == 422 and "'sentences' must be true or false" in refused.json()["error"]


def test_select_ignore_and_an_offered_profile(server: Server):
    rules = lambda **extra: {  # noqa: E731
        f["rule"]
        for f in httpx.post(f"{server.url}/v1/lint", json={"text": OWES} | extra, timeout=30).json()["findings"]
    }
    everything = rules()
    assert {"you-owe", "no-problem"} <= everything
    assert rules(select=["billing"]) == {"you-owe"}
    assert rules(select="you-owe,no-problem") == {"you-owe", "no-problem"}
    assert "you-owe" not in rules(ignore=["you-owe"])
    lost = "I'm so sorry your parcel was lost. I've sent a replacement by express."
    base = rules(text=lost)
    recovery = rules(text=lost, profile="recovery")
    assert recovery > base  # the recovery profile's sequences on top
    listed = {r["id"] for r in httpx.get(f"{server.url}/v1/rules", params={"profile": "recovery"}).json()["rules"]}
    assert recovery - base <= listed


def test_fix_gives_what_check_fix_writes(server: Server, folder: Path):
    (folder / "draft.txt").write_text(OWES, encoding="utf-8")
    lexlint("check", "draft.txt", "--fix", "--no-cache", "--fail-on", "never", cwd=folder)
    fixed = (folder / "draft.txt").read_text(encoding="utf-8")
    answer = httpx.post(f"{server.url}/v1/fix", json={"text": OWES}, timeout=30).json()
    assert answer["text"] == fixed != OWES
    assert answer["applied"] == 1  # you-owe is safe; no-problem is not
    unsafe = httpx.post(f"{server.url}/v1/fix", json={"text": OWES, "unsafe": True}, timeout=30).json()
    assert unsafe["applied"] == 2 and "No problem" not in unsafe["text"]


def test_fix_with_a_finding_applies_only_that_findings_rewrite(server: Server):
    """The writer's page's Apply: one finding named by its line, column and rule, written by the fixer."""
    findings = httpx.post(f"{server.url}/v1/lint", json={"text": OWES}, timeout=30).json()["findings"]
    owes, no_problem = (next(f for f in findings if f["rule"] == rule) for rule in ("you-owe", "no-problem"))
    at = lambda f: {"line": f["line"], "column": f["column"], "rule": f["rule"]}  # noqa: E731
    one = httpx.post(f"{server.url}/v1/fix", json={"text": OWES, "finding": at(owes)}, timeout=30).json()
    assert one["applied"] == 1 and one["refused"] == []
    assert "You owe" not in one["text"] and "No problem" in one["text"]
    assert one["text"] == httpx.post(f"{server.url}/v1/fix", json={"text": OWES}, timeout=30).json()["text"]

    asked = {"text": OWES, "finding": at(no_problem)}
    held = httpx.post(f"{server.url}/v1/fix", json=asked, timeout=30).json()  # unsafe: only when asked for
    assert held["applied"] == 0 and held["text"] == OWES
    assert [(r["rule"], r["line"], r["column"]) for r in held["refused"]] == [("no-problem", 3, no_problem["column"])]
    assert "unsafe" in held["refused"][0]["reason"]
    unsafe = httpx.post(f"{server.url}/v1/fix", json={**asked, "unsafe": True}, timeout=30).json()
    assert unsafe["applied"] == 1 and "No problem" not in unsafe["text"] and "You owe" in unsafe["text"]

    shaped = "I've refunded the charge. I'm so sorry for the trouble."
    order = next(
        f
        for f in httpx.post(f"{server.url}/v1/lint", json={"text": shaped}, timeout=30).json()["findings"]
        if f["fix"] == "none"
    )
    none = httpx.post(f"{server.url}/v1/fix", json={"text": shaped, "finding": at(order)}, timeout=30).json()
    assert none["applied"] == 0 and none["refused"][0]["reason"] == "this finding has no rewrite"


@pytest.mark.parametrize(
    ("finding", "says"),
    [
        ({"line": 3, "column": 2, "rule": "you-owe"}, "the text has no you-owe finding at line 3, column 2"),
        ({"line": 3, "column": 1, "rule": "no-such-rule"}, "no no-such-rule finding"),
        ({"line": "3", "column": 1, "rule": "you-owe"}, "'finding' must be"),
        ({"line": True, "column": 1, "rule": "you-owe"}, "'finding' must be"),
        ({"line": 3, "column": 1}, "'finding' must be"),
        ({"line": 3, "column": 1, "rule": "you-owe", "path": "/etc/passwd"}, "'finding' must be"),
        ([3, 1, "you-owe"], "'finding' must be"),
    ],
)
def test_fix_with_a_finding_not_in_the_text_is_422(server: Server, finding: object, says: str):
    answer = httpx.post(f"{server.url}/v1/fix", json={"text": OWES, "finding": finding}, timeout=30)
    assert answer.status_code == 422
    assert says in answer.json()["error"]


def test_a_macro_body_is_read_as_a_template(server: Server):
    body = "Hi {{ticket.requester.first_name}},\n\nYou owe {{balance}} on this account.\n"
    rules = lambda kind: [  # noqa: E731
        f["rule"] for f in httpx.post(f"{server.url}/v1/lint", json={"text": body, "kind": kind}).json()["findings"]
    ]
    assert "leftover-placeholder" in rules("draft")  # in a reply, a placeholder nobody filled in
    assert "leftover-placeholder" not in rules("template") and "you-owe" in rules("template")


def test_a_fix_the_reader_cannot_prove_is_refused_with_its_reason(server: Server):
    html = '<p>You <a href="/bill">owe $40</a> on this account.</p>'
    answer = httpx.post(f"{server.url}/v1/fix", json={"text": html, "kind": "html"}, timeout=30).json()
    assert answer["text"] == html
    assert [r["rule"] for r in answer["refused"]] == ["you-owe"]
    assert "markup" in answer["refused"][0]["reason"]


def test_rules_and_explain_say_what_the_command_line_says(server: Server):
    listed = httpx.get(f"{server.url}/v1/rules").json()["rules"]
    local = lexlint("rules")
    assert [r["id"] for r in listed] == [line.split()[0] for line in local.out.splitlines()]
    for rule_id in ("you-owe", "empathy-before-fix"):
        answer = httpx.get(f"{server.url}/v1/rules/{rule_id}").json()
        assert answer["text"] == lexlint("explain", rule_id).out
    missing = httpx.get(f"{server.url}/v1/rules/no-such-rule")
    assert missing.status_code == 404 and "no rule" in missing.json()["error"]


def test_health_says_what_was_loaded(server: Server):
    health = httpx.get(f"{server.url}/v1/health").json()
    assert health["status"] == "ok"
    assert health["offered_profiles"] == ["recovery"]


def test_the_openapi_document_describes_every_route(server: Server):
    from lexlint.serve import app as serving
    from lexlint.serve.limits import Limits
    from lexlint.serve.service import Service, Settings

    guard = serving.create_app(Service.start(Settings()), Limits(), serving.Security())
    routes = {route.path for route in guard.app.routes}  # type: ignore[attr-defined]
    doc = httpx.get(f"{server.url}/openapi.json").json()
    assert set(doc["paths"]) == routes
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            assert "200" in operation["responses"], (method, path)


def test_schemathesis_finds_no_failure(server: Server, folder: Path):
    """A bounded run: 20 examples an operation, every check but positive data acceptance (a `data` form
    field holds JSON in a string, and a macro's text must parse: valid by the schema is not valid input)."""
    if shutil.which("schemathesis", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("schemathesis is not installed")
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            f"{server.url}/openapi.json",
            "--max-examples",
            "20",
            "--exclude-checks",
            "positive_data_acceptance",
            "--seed",
            "1",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=folder,
    )
    assert run.returncode == 0, run.stdout[-4000:]
    assert " passed" in run.stdout


# ---- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"{not json", 400, "not valid JSON"),
        (b"[1, 2]", 422, "JSON object"),
        (b"[" * 200_000, 400, "not valid JSON"),  # nested past the parser's depth
        (b'{"context": "hi"}', 422, "'text'"),
        (b'{"text": "x", "kind": "pdf"}', 422, "unknown kind"),
        (b'{"text": "{\\"a\\": [", "kind": "macro"}', 422, "macro.json:1"),
        (b'{"text": "x", "select": 3}', 422, "select"),
        (b'{"text": "x", "phrasebook": "/etc/passwd"}', 422, "unknown field 'phrasebook'"),
        (b'{"text": "x", "config": "lexlint.yaml"}', 422, "unknown field 'config'"),
        (b'{"text": "x", "profile": "../../rules/profiles/cicare.yaml"}', 422, "not loaded"),
        (b'{"text": "x", "profile": "cicare"}', 422, "not loaded"),
    ],
)
def test_a_bad_request_is_one_json_error_never_a_traceback(server: Server, body: bytes, status: int, says: str):
    answer = httpx.post(f"{server.url}/v1/lint", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == status
    assert list(answer.json()) == ["error"]
    assert says in answer.json()["error"]
    assert "Traceback" not in answer.text


def test_the_writers_page_is_a_fixed_set_of_files_with_a_strict_policy(server: Server):
    from lexlint.serve.app import PAGE

    for path, (_name, media) in PAGE.items():
        answer = httpx.get(f"{server.url}{path}")
        assert answer.status_code == 200 and answer.headers["content-type"] == media, path
        assert answer.headers["content-security-policy"].startswith("default-src 'self'")
        assert answer.headers["x-content-type-options"] == "nosniff"
    page = httpx.get(f"{server.url}/").text
    assert '<script src="page.js"' in page and "://" not in page  # nothing from anywhere else
    for path in ("/index.html", "/page/page.js", "/page.js/../index.html", "/..%2Fapp.py", "/service.py"):
        assert httpx.get(f"{server.url}{path}").status_code == 404, path


def test_unknown_routes_and_methods_answer_in_json(server: Server):
    assert httpx.get(f"{server.url}/v1/nowhere").json() == {"error": "Not Found"}
    wrong = httpx.get(f"{server.url}/v1/lint")
    assert wrong.status_code == 405 and "error" in wrong.json()


def test_a_request_cannot_reach_the_file_system(server: Server, folder: Path):
    """Paths as rule ids and profiles are names to look up among what was loaded, never files to open."""
    secret = folder / "secret.yaml"
    secret.write_text("name: secret\nentries: []\n", encoding="utf-8")
    for rule_id in (str(secret), "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd"):
        assert httpx.get(f"{server.url}/v1/rules/{rule_id}").status_code == 404
    answer = httpx.get(f"{server.url}/v1/rules", params={"profile": str(secret)})
    assert answer.status_code == 422
    assert "secret" not in httpx.get(f"{server.url}/v1/health").text


def test_the_body_limit_is_1_mb_by_default(server: Server):
    big = httpx.post(f"{server.url}/v1/lint", json={"text": "word " * 220_000}, timeout=60)
    assert big.status_code == 413
    assert "over 1000000 bytes" in big.json()["error"]


def test_the_access_log_never_holds_the_message(server: Server):
    marker = "Zanzibar-marker-4417"
    httpx.post(f"{server.url}/v1/lint", json={"text": f"You owe {marker}."})
    httpx.post(f"{server.url}/v2/check", data={"text": f"You owe {marker}.", "language": "en-US"})
    log = server.output()
    assert '"POST /v1/lint" 200' in log and '"POST /v2/check" 200' in log
    assert marker not in log


# ---- safe by default -----------------------------------------------------------------------------


def test_serve_names_the_writers_page_and_open_opens_it_in_the_browser(tmp_path: Path):
    """`--open` hands the page's address to the browser (here a script standing in for one, by BROWSER, as
    Python's webbrowser module reads it) once the server answers."""
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys, pathlib\npathlib.Path({str(opened)!r}).write_text(sys.argv[1])\n")
    running = Server("--open", cwd=tmp_path, env={"BROWSER": f"{sys.executable} {browser} %s"})
    try:
        page = f"http://127.0.0.1:{running.port}/"
        assert f"lexlint: the writer's page: {page}" in running.output()
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text() == page
    finally:
        running.stop()


def test_a_remote_bind_without_a_token_is_refused_at_start(tmp_path: Path):
    ran = lexlint_process("serve", "--host", "0.0.0.0", "--port", str(free_port()), cwd=tmp_path, timeout=60)
    assert ran.code == 2
    assert ran.err.strip().splitlines() == [
        "lexlint: error: --host 0.0.0.0 is not a loopback address: give --token (or LEXLINT_TOKEN) as well"
    ]


def test_a_port_in_use_is_one_line_exit_2(tmp_path: Path, server: Server):
    ran = lexlint_process("serve", "--port", str(server.port), cwd=tmp_path, timeout=60)
    assert ran.code == 2
    assert len(ran.err.strip().splitlines()) == 1 and "cannot listen on" in ran.err


def test_without_the_serve_extra_serve_says_how_to_install_it(tmp_path: Path):
    hide = (
        "import sys, importlib.abc\n"
        "class Hide(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('starlette', 'uvicorn'): raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Hide())\n"
        "sys.argv = ['lexlint', 'serve']\n"
        "from lexlint.cli import entry; entry()\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", hide],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert ran.returncode == 2
    assert ran.stderr.strip().splitlines() == [
        "lexlint: error: lexlint serve needs its extra: pip install 'lexlint[serve]'"
    ]


def test_check_and_import_lexlint_load_no_server_code():
    child = lexlint_child("check", "--help")
    assert child.code == 0
    assert [m for m in child.modules if m.split(".")[0] in ("starlette", "uvicorn", "httpx", "anyio")] == []
    assert "lexlint.serve" not in child.modules


@pytest.fixture(scope="module")
def guarded(folder: Path):
    running = Server(
        "--token", "s3cret-token", "--allow-origin", "https://desk.example", "--max-body", "5000", cwd=folder
    )
    yield running
    running.stop()


def test_the_token_is_required_and_checked(guarded: Server):
    url = f"{guarded.url}/v1/lint"
    none = httpx.post(url, json={"text": OWES})
    assert none.status_code == 401 and "token" in none.json()["error"]
    wrong = httpx.post(url, json={"text": OWES}, headers={"Authorization": "Bearer s3cret-tokem"})
    assert wrong.status_code == 403
    right = httpx.post(url, json={"text": OWES}, headers={"Authorization": "Bearer s3cret-token"})
    assert right.status_code == 200 and right.json()["findings"]
    assert httpx.get(f"{guarded.url}/v1/health").status_code == 200  # says nothing of any text
    assert httpx.get(f"{guarded.url}/v1/rules").status_code == 401
    check = f"{guarded.url}/v2/check"
    assert httpx.post(check, data={"text": OWES, "language": "en-US"}).status_code == 401
    assert httpx.post(check, data={"text": OWES, "language": "en-US", "apiKey": "nope"}).status_code == 403
    keyed = httpx.post(check, data={"text": OWES, "language": "en-US", "apiKey": "s3cret-token"})
    assert keyed.status_code == 200 and keyed.json()["matches"]


def test_the_page_is_open_without_the_token_and_health_says_one_is_needed(guarded: Server, server: Server):
    for path in ("/", "/page.js", "/page.css", "/favicon.svg"):
        assert httpx.get(f"{guarded.url}{path}").status_code == 200, path
    assert httpx.get(f"{guarded.url}/v1/health").json()["needs_token"] is True
    assert httpx.get(f"{server.url}/v1/health").json()["needs_token"] is False


def test_the_page_served_here_may_post_but_a_rebound_name_may_not(guarded: Server):
    """A page's POST carries its origin: this server's own address (the writer's page) is let through; a
    name pointed here by DNS (rebinding) with the same port is still refused."""
    auth = {"Authorization": "Bearer s3cret-token"}
    for own in (f"http://127.0.0.1:{guarded.port}", f"http://localhost:{guarded.port}"):
        answer = httpx.post(f"{guarded.url}/v1/lint", json={"text": OWES}, headers={**auth, "Origin": own})
        assert answer.status_code == 200, own
    for other in (f"http://evil.example:{guarded.port}", "http://127.0.0.1:1", f"https://127.0.0.1:{guarded.port}"):
        answer = httpx.post(f"{guarded.url}/v1/lint", json={"text": OWES}, headers={**auth, "Origin": other})
        assert answer.status_code == 403, other


def test_the_token_may_come_from_the_environment(guarded: Server, folder: Path):
    """With LEXLINT_TOKEN set, a remote bind gets past the token check (to the port, here already taken)."""
    ran = lexlint_process(
        "serve", "--host", "0.0.0.0", "--port", str(guarded.port), cwd=folder, timeout=60, env={"LEXLINT_TOKEN": "t"}
    )
    assert ran.code == 2 and "cannot listen on 0.0.0.0" in ran.err


def test_only_allowed_origins_get_cors_headers(guarded: Server):
    auth = {"Authorization": "Bearer s3cret-token"}
    allowed = httpx.post(
        f"{guarded.url}/v1/lint", json={"text": OWES}, headers={**auth, "Origin": "https://desk.example"}
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://desk.example"
    other = httpx.post(
        f"{guarded.url}/v1/lint", json={"text": OWES}, headers={**auth, "Origin": "https://evil.example"}
    )
    assert other.status_code == 403 and "origin" in other.json()["error"]
    assert "access-control-allow-origin" not in other.headers
    preflight = {"Origin": "https://desk.example", "Access-Control-Request-Method": "POST"}
    ok = httpx.options(f"{guarded.url}/v2/check", headers=preflight)
    assert ok.status_code == 204 and ok.headers["access-control-allow-origin"] == "https://desk.example"
    refused = httpx.options(f"{guarded.url}/v2/check", headers={**preflight, "Origin": "https://evil.example"})
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers


def test_a_body_over_the_limit_is_413(guarded: Server):
    auth = {"Authorization": "Bearer s3cret-token"}
    big = httpx.post(f"{guarded.url}/v1/lint", json={"text": "word " * 2000}, headers=auth)
    assert big.status_code == 413 and big.json() == {"error": "request body over 5000 bytes"}
    chunked = httpx.post(f"{guarded.url}/v1/lint", content=iter([b'{"text": "', b"w" * 6000, b'"}']), headers=auth)
    assert chunked.status_code == 413  # no Content-Length: counted as it arrives
    assert httpx.post(f"{guarded.url}/v1/lint", json={"text": OWES}, headers=auth).status_code == 200


def _long_text(words: int) -> str:
    sentence = "You owe $40 on this account and we will pause the service on Friday. "
    return sentence * (words // 14)


def test_a_full_queue_is_503_with_retry_after(folder: Path):
    running = Server("--queue", "0", cwd=folder)
    try:
        text = _long_text(40_000)
        with ThreadPoolExecutor(6) as pool:
            answers = list(
                pool.map(lambda _: httpx.post(f"{running.url}/v1/lint", json={"text": text}, timeout=120), range(6))
            )
        busy = [a for a in answers if a.status_code == 503]
        assert busy, [a.status_code for a in answers]
        assert all(a.headers["retry-after"] == "1" and "busy" in a.json()["error"] for a in busy)
        assert {a.status_code for a in answers} <= {200, 503}
        assert httpx.post(f"{running.url}/v1/lint", json={"text": OWES}, timeout=60).status_code == 200
    finally:
        running.stop()


def test_a_request_over_the_time_limit_is_503(folder: Path):
    running = Server("--time-limit", "0.1", cwd=folder)
    try:
        slow = httpx.post(f"{running.url}/v1/lint", json={"text": _long_text(40_000)}, timeout=120)
        assert slow.status_code == 503
        assert "longer than 0.1 s" in slow.json()["error"] and slow.headers["retry-after"] == "1"
    finally:
        running.stop()
