"""`lexlint lsp` driven by a real LSP client (pytest-lsp) over stdio, as an editor drives it: a team's
folder with its lexlint.yaml and phrasebook, a macro export and Markdown drafts opened, findings seen at
the right ranges (emoji before them counted in the client's units), code actions asked for and applied,
edits made, and the phrasebook broken and mended."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import FIXTURES, ROOT, lexlint

WAIT = 120.0  # seconds for an answer on a busy 2-core machine (the first one loads spaCy)
SHARED = pytest.mark.asyncio(loop_scope="module")  # the tests on the one server of the team folder
OWN = pytest.mark.asyncio  # a test with a server of its own


class Client(LanguageClient):
    """pytest-lsp's client, keeping every diagnostics notification (with its version) as it comes."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.opened: set[str] = set()
        self.registered: list[types.Registration] = []
        features = dict(DEFAULT_CLIENT_FEATURES)
        features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record
        features[types.CLIENT_REGISTER_CAPABILITY] = _register
        register_lsp_features(self, features)

    def latest(self, uri: str) -> types.PublishDiagnosticsParams | None:
        return next((p for p in reversed(self.published) if p.uri == uri), None)


def _record(client: Client, params: types.PublishDiagnosticsParams) -> None:
    client.published.append(params)
    client.diagnostics[params.uri] = list(params.diagnostics)


def _register(client: Client, params: types.RegistrationParams) -> None:
    client.registered.extend(params.registrations)


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "lexlint", "lsp"],
    client_factory=Client,
    server_env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])},
)


def _team_folder(where: Path) -> Path:
    shutil.copytree(FIXTURES / "lsp", where)
    return where


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _team_folder(tmp_path_factory.mktemp("lsp") / "team")


async def _start(client: Client, folder: Path, capabilities: types.ClientCapabilities) -> types.InitializeResult:
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=folder.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name=folder.name)],
            initialization_options={"debounce": 50},
        )
    )


@pytest_lsp.fixture(config=SERVER, scope="module")
async def editor(client: Client, team: Path):
    """VS Code's capabilities: UTF-16 positions, code actions resolved lazily, versioned edits."""
    await _start(client, team, client_capabilities("visual-studio-code"))
    yield
    await client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def fresh_editor(client: Client, tmp_path: Path):
    """A server of its own, on a team folder of its own (whose phrasebook a test may break)."""
    await _start(client, _team_folder(tmp_path / "team"), client_capabilities("visual-studio-code"))
    yield
    await client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def neovim(client: Client, tmp_path: Path):
    """Neovim 0.11's capabilities: it offers UTF-8 positions first."""
    await _start(client, _team_folder(tmp_path / "team"), client_capabilities("neovim@v0.11.0"))
    yield
    await client.shutdown_session()


# ---- what an editor does with what the server sends ---------------------------------------------------


async def until(check: Callable[[], object], what: str) -> None:
    """Wait (bounded) until `check()` is true: notifications come when the server is done."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"no {what} within {WAIT:.0f} s")
        await asyncio.sleep(0.02)


async def published(client: Client, uri: str, version: int | None, since: int) -> list[types.Diagnostic]:
    """The first diagnostics for `uri` (of `version`, when given) published after the `since`-th notification."""

    def arrived() -> types.PublishDiagnosticsParams | None:
        return next(
            (p for p in client.published[since:] if p.uri == uri and (version is None or p.version == version)), None
        )

    await until(arrived, f"diagnostics for {uri} v{version}")
    params = arrived()
    assert params is not None
    return list(params.diagnostics)


async def open_file(client: Client, path: Path, language: str, version: int | None = 1) -> str:
    """Open the file as it is on disk (closing it first if a test before left it open), and wait for its
    diagnostics (of the version opened; a phrasebook's are of the file as saved, of no version)."""
    uri = path.as_uri()
    if uri in client.opened:
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
    client.opened.add(uri)
    since = len(client.published)
    item = types.TextDocumentItem(uri=uri, language_id=language, version=1, text=path.read_text(encoding="utf-8"))
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    await published(client, uri, version, since)
    return uri


def change_to(client: Client, uri: str, version: int, text: str) -> int:
    """Send the document's new text; the count of notifications so far, to wait for the next from."""
    since = len(client.published)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return since


def utf16(line: str, chars: int) -> int:
    return len(line[:chars].encode("utf-16-le")) // 2


def _offset(text: str, position: types.Position, units: Callable[[str], int]) -> int:
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    chars = 0
    while chars < len(line) and units(line[: chars + 1]) <= position.character:
        chars += 1
    return start + chars


def apply(text: str, action: types.CodeAction, units: Callable[[str], int] = lambda s: utf16(s, len(s))) -> str:
    """The text with the action's edits made, as an editor makes them (from the last to the first)."""
    assert action.edit is not None, action.title
    if action.edit.document_changes:
        edits = [e for change in action.edit.document_changes for e in change.edits]  # type: ignore[union-attr]
    else:
        edits = [e for es in (action.edit.changes or {}).values() for e in es]
    spans = [(_offset(text, e.range.start, units), _offset(text, e.range.end, units), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


async def actions_at(client: Client, uri: str, where: types.Range, only: list[str] | None = None):
    context = types.CodeActionContext(diagnostics=[], only=only)
    params = types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=where, context=context)
    return await asyncio.wait_for(client.text_document_code_action_async(params), WAIT) or []


def by_rule(diagnostics: list[types.Diagnostic], rule: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == rule]


# ---- the stories ------------------------------------------------------------------------------------------


@SHARED
async def test_a_macro_export_shows_its_findings_where_they_are_counting_emoji_in_utf16(editor: Client, team: Path):
    uri = await open_file(editor, team / "macros.json", "json")
    owe = by_rule(editor.diagnostics[uri], "you-owe")
    lines = (team / "macros.json").read_text(encoding="utf-8").splitlines()
    expected = []
    for n, line in enumerate(lines):
        at = line.lower().find("you owe $")
        if at >= 0:
            end = at + len("you owe $4") + (line[at + len("you owe $4")] == "0")
            expected.append(((n, utf16(line, at)), (n, utf16(line, end))))
    got = [((d.range.start.line, d.range.start.character), (d.range.end.line, d.range.end.character)) for d in owe]
    assert got == expected
    assert expected[0][0][1] == lines[1].lower().find("you owe") + 1  # the 👋 before it is two UTF-16 units
    first = owe[0]
    assert first.severity == types.DiagnosticSeverity.Warning and first.source == "lexlint"
    assert "Try: Hi Sam 👋, our records show a balance of $40 on this account." in first.message
    assert first.code_description is None  # the configuration names no docs page (nor does a checkout)


@SHARED
async def test_hovering_on_a_finding_says_what_lexlint_explain_says(editor: Client, team: Path):
    uri = await open_file(editor, team / "reply.md", "markdown")
    kindly = by_rule(editor.diagnostics[uri], "acme-kindly")[0]
    params = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=kindly.range.start)
    hover = await asyncio.wait_for(editor.text_document_hover_async(params), WAIT)
    assert hover is not None and hover.range == kindly.range
    explained = lexlint("explain", "acme-kindly", cwd=team)
    assert explained.code == 0
    assert hover.contents.value == explained.out.rstrip("\n")  # type: ignore[union-attr]
    assert "Why: “Kindly” reads as stiff" in hover.contents.value  # type: ignore[union-attr]


@SHARED
async def test_a_rewrite_is_a_preferred_quick_fix_and_applying_it_clears_the_finding(editor: Client, team: Path):
    path = team / "macros.json"
    uri = await open_file(editor, path, "json")
    owe = by_rule(editor.diagnostics[uri], "you-owe")[1]  # in the HTML macro
    actions = await actions_at(editor, uri, owe.range)
    rewrite = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred)
    assert rewrite.diagnostics and rewrite.diagnostics[0].code == "you-owe"
    assert not any(a.is_preferred for a in actions if a is not rewrite)
    text = path.read_text(encoding="utf-8")
    fixed = apply(text, rewrite)
    assert "🙏. Our records show a balance of $4 for the upgrade.</p>" in fixed
    assert fixed.replace("Our records show a balance of", "You owe") == text  # nothing else touched
    since = change_to(editor, uri, 2, fixed)
    after = await published(editor, uri, 2, since)
    assert len(by_rule(after, "you-owe")) == 1  # the other macro's is still there


@SHARED
async def test_every_safe_rewrite_at_once_gives_what_check_fix_writes(editor: Client, team: Path, tmp_path: Path):
    path = team / "reply.md"
    uri = await open_file(editor, path, "markdown")
    everything = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=9, character=0))
    (lazy,) = await actions_at(editor, uri, everything, only=["source.fixAll"])
    assert lazy.kind == "source.fixAll.lexlint" and lazy.edit is None  # VS Code resolves it when chosen
    resolved = await asyncio.wait_for(editor.code_action_resolve_async(lazy), WAIT)
    copy = tmp_path / "team"
    shutil.copytree(team, copy)
    assert lexlint("check", "--fix", "reply.md", cwd=copy).code == 0
    assert apply(path.read_text(encoding="utf-8"), resolved) == (copy / "reply.md").read_text(encoding="utf-8")


@SHARED
async def test_a_suppression_comment_switches_the_rule_off_on_that_line_only(editor: Client, team: Path):
    path = team / "reply.md"
    uri = await open_file(editor, path, "markdown")
    owe = by_rule(editor.diagnostics[uri], "you-owe")[0]
    actions = await actions_at(editor, uri, owe.range)
    suppress = next(a for a in actions if "Switch off you-owe" in a.title)
    text = path.read_text(encoding="utf-8")
    quiet = apply(text, suppress)
    assert quiet == text.replace("Thanks for writing", "<!-- lexlint-disable-next-line you-owe -->\nThanks for writing")
    since = change_to(editor, uri, 2, quiet)
    after = await published(editor, uri, 2, since)
    assert by_rule(after, "you-owe") == [] and len(by_rule(after, "acme-kindly")) == 1


@SHARED
async def test_an_ordering_finding_offers_its_missing_line_where_it_belongs(editor: Client, team: Path):
    path = team / "refund.md"
    uri = await open_file(editor, path, "markdown")
    (cold,) = by_rule(editor.diagnostics[uri], "empathy-before-fix")
    actions = await actions_at(editor, uri, cold.range)
    write_in = next(a for a in actions if a.title.startswith("Write in “I'm so sorry this happened.”"))
    assert not write_in.is_preferred  # new words the writer should read before sending
    warmer = apply(path.read_text(encoding="utf-8"), write_in)
    assert "\n\nI'm so sorry this happened. I have issued a refund for the broken lamp.\n\n" in warmer
    since = change_to(editor, uri, 2, warmer)
    assert by_rule(await published(editor, uri, 2, since), "empathy-before-fix") == []


@SHARED
async def test_typing_updates_the_findings_for_the_latest_version(editor: Client, team: Path):
    path = team / "macros.json"
    uri = await open_file(editor, path, "json")
    lines = path.read_text(encoding="utf-8").splitlines()
    at = utf16(lines[1], lines[1].index("you owe"))
    since = len(editor.published)
    # three quick edits, each a range in UTF-16 units after the 👋: "you owe" becomes "we show"
    for version, (start, end, new) in enumerate([(at, at + 3, "we"), (at + 3, at + 7, " show"), (at, at, "")], start=2):
        editor.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=1, character=start), end=types.Position(line=1, character=end)
                        ),
                        text=new,
                    )
                ],
            )
        )
    after = await published(editor, uri, 4, since)
    assert [p.version for p in editor.published[since:] if p.uri == uri][-1] == 4
    assert [d.range.start.line for d in by_rule(after, "you-owe")] == [2]  # only the HTML macro's is left


@OWN
async def test_breaking_the_phrasebook_shows_its_error_and_mending_it_brings_the_findings_back(
    tmp_path: Path, fresh_editor: Client
):
    team = tmp_path / "team"
    draft = await open_file(fresh_editor, team / "reply.md", "markdown")
    assert by_rule(fresh_editor.diagnostics[draft], "acme-kindly")
    book = team / "acme.yaml"
    good = book.read_text(encoding="utf-8")
    book.write_text(good.replace("    fix: safe\n", "    fix: always\n"), encoding="utf-8")
    said = lexlint("check", "reply.md", cwd=team)
    assert said.code == 2 and "acme.yaml:" in said.err
    line, column = (int(n) for n in said.err.split("acme.yaml:")[1].split(":")[:2])
    watched = types.FileEvent(uri=book.as_uri(), type=types.FileChangeType.Changed)
    fresh_editor.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[watched]))
    await until(lambda: fresh_editor.diagnostics.get(book.as_uri()), "the phrasebook's error")
    (error,) = fresh_editor.diagnostics[book.as_uri()]
    assert error.severity == types.DiagnosticSeverity.Error
    assert (error.range.start.line, error.range.start.character) == (line - 1, column - 1)
    assert "always" in error.message
    await until(lambda: fresh_editor.diagnostics[draft] == [], "the draft's findings cleared")
    # mended, but one of its good examples now fires: the phrasebook, opened, says so where the rule is
    book.write_text(good.replace("She was kind to us.", "Kindly note the change."), encoding="utf-8")
    uri = await open_file(fresh_editor, book, "yaml", version=None)
    fresh_editor.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[watched]))
    await until(lambda: by_rule(fresh_editor.diagnostics.get(draft, []), "acme-kindly"), "the findings back")
    await until(lambda: fresh_editor.diagnostics.get(uri), "the failing example")
    (failing,) = fresh_editor.diagnostics[uri]
    assert failing.range.start.line == good.splitlines().index("  - id: acme-kindly")
    assert "good example fires: 'Kindly note the change.'" in failing.message


@OWN
async def test_a_config_change_takes_effect_in_open_documents(tmp_path: Path, fresh_editor: Client):
    team = tmp_path / "team"
    draft = await open_file(fresh_editor, team / "reply.md", "markdown")
    assert by_rule(fresh_editor.diagnostics[draft], "you-owe")
    config = team / "lexlint.yaml"
    more = "ignore: [you-owe]\ndocs-url: https://acme.example/rules.html\n"
    config.write_text(config.read_text(encoding="utf-8") + more, encoding="utf-8")
    fresh_editor.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config.as_uri()))
    )
    await until(lambda: not by_rule(fresh_editor.diagnostics[draft], "you-owe"), "you-owe ignored")
    (kindly,) = by_rule(fresh_editor.diagnostics[draft], "acme-kindly")
    assert kindly.code_description is not None
    assert kindly.code_description.href == "https://acme.example/rules.html#acme-kindly"


@OWN
async def test_a_client_that_counts_in_utf8_gets_ranges_in_bytes(tmp_path: Path, neovim: Client):
    path = tmp_path / "team" / "macros.json"
    uri = await open_file(neovim, path, "json")
    line = path.read_text(encoding="utf-8").splitlines()[1]
    owe = by_rule(neovim.diagnostics[uri], "you-owe")[0]
    assert owe.range.start.character == len(line[: line.index("you owe")].encode("utf-8"))  # 👋 is four bytes
    actions = await actions_at(neovim, uri, owe.range)
    rewrite = next(a for a in actions if a.is_preferred)
    fixed = apply(path.read_text(encoding="utf-8"), rewrite, units=lambda s: len(s.encode("utf-8")))
    assert "Hi Sam 👋, our records show a balance of $40 on this account." in fixed


def test_lsp_without_its_extra_says_how_to_install_it(tmp_path: Path):
    blocked = "import sys; sys.modules['pygls'] = None; from lexlint.cli import main; main(['lsp'])"
    proc = subprocess.run(
        [sys.executable, "-c", blocked],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "lexlint: error: lexlint lsp needs its extra: pip install 'lexlint[lsp]'"


def test_a_document_linted_again_after_each_edit_gets_what_a_fresh_lint_gives(default_linter):
    """The server lints an edited document with a memo of its segments: only those that changed are checked
    again, and the findings are a fresh lint's, wherever the unchanged ones now stand."""
    from lexlint.engine import Memo
    from lexlint.sources import read_text

    macros = (FIXTURES / "lsp" / "macros.json").read_text(encoding="utf-8")
    reply = (FIXTURES / "lsp" / "reply.md").read_text(encoding="utf-8")
    changed = macros.replace("you owe $40", "you owe $400")
    moved = changed.replace("{\n", '{\n  "New": "Sorry, you owe $9. Calm down.",\n', 1)
    hold = moved.splitlines()[-2].strip()  # the last macro, "Hold": "…"
    copied = moved.replace(hold, f"{hold},\n  {hold.replace('Hold', 'Hold again', 1)}")
    edits = [
        ("macros.json", macros),
        ("macros.json", changed),  # one macro changed
        ("macros.json", moved),  # one macro added at the top: every other one moves down
        ("macros.json", copied),  # one macro copied under another title
        ("reply.md", reply),
        (
            "reply.md",
            reply.replace("Thanks for writing", "<!-- lexlint-disable-next-line you-owe -->\nThanks for writing"),
        ),
        (
            "reply.md",
            reply.replace("\nThanks for writing", "\n<!-- lexlint-disable-next-line calm-down -->\nThanks for writing"),
        ),
    ]
    memo = Memo()
    checked = []
    for name, text in edits:
        fresh = default_linter.lint(read_text(name, text))
        again = default_linter.lint(read_text(name, text), memo)
        assert again == fresh
        checked.append(memo.checked)
    # the first lint checks both macros; then only the changed one, only the new one, and none for a copy
    assert checked[:4] == [2, 1, 1, 0]
    assert any(f.rule == "unused-suppression" for f in fresh)  # the last edit's directive switches off nothing


def test_a_missing_closing_is_written_into_a_macro_as_a_paragraph_of_its_own(default_linter):
    """In a JSON export the line goes inside the macro's string, escaped as JSON, spaced as its lines are."""
    import json

    from lexlint.lsp import actions
    from lexlint.sources import ReadOptions, read_text

    text = '{"Shipped": "Hi Sam,\\n\\nYour order shipped today. It should arrive on Thursday."}\n'
    segments = read_text("macros.json", text)
    triple = next(t for t in default_linter.fixes(segments) if t[2].rule == "closing-last")
    action = actions.insertion("macros.json", text, ReadOptions(), segments, triple)
    assert action is not None and action.after is not None
    macro = json.loads(action.after)["Shipped"]
    assert macro.startswith("Hi Sam,\n\nYour order shipped today. It should arrive on Thursday.\n\n")
    assert [f for f in default_linter.lint(read_text("macros.json", action.after)) if f.rule == "closing-last"] == []


def test_a_rewrite_the_reader_cannot_prove_is_refused_with_the_fixers_reason(default_linter):
    """One finding's rewrite goes through the fixer that `/v1/fix` with a finding uses: across a link it is
    refused, and the action says why (the reader's reason, not a bare 'does not apply')."""
    from lexlint.lsp import actions
    from lexlint.sources import ReadOptions, read_text

    html = '<p>You <a href="/bill">owe $40</a> on this account.</p>\n'
    segments = read_text("reply.html", html)
    triple = next(t for t in default_linter.fixes(segments) if t[2].rule == "you-owe")
    action = actions.rewrite("reply.html", html, ReadOptions(), segments, triple)
    assert action is not None and action.after is None
    assert action.refused is not None and "markup" in action.refused
