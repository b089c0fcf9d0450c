"""The language server: pygls over stdio, wired to the lint thread (`linting.Work`).

Diagnostics are published on open and save at once, and after an edit once the client has been quiet for
the debounce (150 ms; `initializationOptions: {"debounce": MS}`), for the latest version only: a version
the client has moved past is neither linted, when its turn comes, nor published. Positions are in the
units negotiated at start (UTF-16 unless the client offers UTF-8 or UTF-32 in
`general.positionEncodings`). A save of the configuration or of a phrasebook, or a change to one the client
watches for the server, reloads the configuration and lints every open document again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from lexlint import __version__
from lexlint.lsp import actions as acts
from lexlint.lsp.diagnostics import span
from lexlint.lsp.documents import Document, file_path, file_uri, lint_path
from lexlint.lsp.edits import changes
from lexlint.lsp.linting import Linted, Snapshot, Work
from lexlint.lsp.positions import ENCODINGS, UTF16, Lines
from lexlint.lsp.setups import Flags

log = logging.getLogger("lexlint.lsp")
DEBOUNCE_MS = 150
T = TypeVar("T")
WATCHED = ("**/*.yaml", "**/*.yml", "**/pyproject.toml")  # configs and phrasebooks, wherever they are


class Lexlint:
    """The server's state on the event loop: the open documents, their latest lint, the pending lints."""

    def __init__(self, flags: Flags) -> None:
        self.server = LanguageServer(
            "lexlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.flags = flags
        self.docs: dict[str, Document] = {}
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.running: dict[str, tuple[Snapshot, asyncio.Future[Linted | None]]] = {}  # lints under way
        self.book_uris: set[str] = set()  # files given configuration or phrasebook diagnostics
        self.shown: set[str] = set()  # configuration errors already shown as a message
        self.debounce = DEBOUNCE_MS / 1000
        self.root: str | None = None
        self.work: Work | None = None
        # the engine's one thread: jobs run in the order given, never two at once
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lexlint-lint")
        self._register()

    # ---- running on the lint thread --------------------------------------------------------------

    async def run(self, job: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.pool, job)

    @property
    def encoding(self) -> str:
        chosen = self.server.workspace.position_encoding
        value = str(getattr(chosen, "value", chosen) or UTF16)
        return value if value in ENCODINGS else UTF16

    def snapshot(self, doc: Document) -> Snapshot:
        path, input_format = lint_path(doc, self.root)
        return Snapshot(doc.uri, doc.text, doc.version, path, input_format, self.encoding)

    # ---- linting ---------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Lint the document after `delay` seconds unless it changes first (then the newer lint replaces it)."""
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    def _current(self, snap: Snapshot) -> bool:
        doc = self.docs.get(snap.uri)
        return doc is not None and doc.version == snap.version and doc.text is snap.text

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            doc = self.docs.get(uri)
            if doc is not None:
                await self.latest(doc)
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    async def latest(self, doc: Document) -> Linted | None:
        """The lint of the document as it is now, published (linted now unless it already was); None when it
        changed meanwhile."""
        known = self.linted.get(doc.uri)
        if known is not None and self._current(known.snapshot) and known.snapshot.encoding == self.encoding:
            return known
        running = self.running.get(doc.uri)
        if running is not None and self._current(running[0]):  # asked again while it is being linted
            return await asyncio.shield(running[1])
        snap = self.snapshot(doc)
        assert self.work is not None
        work = self.work
        job = asyncio.ensure_future(self.run(lambda: work.lint(snap) if self._current(snap) else None))
        self.running[doc.uri] = (snap, job)
        try:
            linted = await asyncio.shield(job)
        finally:
            if self.running.get(doc.uri, (None, None))[1] is job:
                del self.running[doc.uri]
        if linted is None or not self._current(snap):
            return None  # a newer version is on its way
        if self.linted.get(doc.uri) is not None and self.linted[doc.uri].snapshot is snap:
            return self.linted[doc.uri]  # another caller awaiting the same lint has published it
        before = self.linted.get(doc.uri)
        self.linted[doc.uri] = linted
        if linted.setup is not None or doc.uri not in self.book_uris:  # a phrasebook keeps its own
            self.publish(doc.uri, linted.diagnostics, doc.version)
        if linted.error is not None or (before is not None and before.error is not None):
            await self.refresh_books()
        return linted

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None = None) -> None:
        params = types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        self.server.text_document_publish_diagnostics(params)

    async def relint_all(self) -> None:
        self.linted.clear()
        for uri in list(self.docs):
            self.schedule(uri, 0)

    async def refresh_books(self) -> None:
        """Publish the configuration and phrasebook files' diagnostics, clearing those that went away."""
        assert self.work is not None
        work, encoding = self.work, self.encoding
        snaps = [self.snapshot(doc) for doc in self.docs.values()]
        texts = {s.path: s.text for s in snaps}
        found = await self.run(lambda: work.books([s.path for s in snaps], texts, encoding))
        open_uris = {file_path(uri): uri for uri in self.docs}  # the client's own spelling of an open file's URI
        now = {open_uris.get(path) or file_uri(path): diagnostics for path, diagnostics in found.items()}
        for uri in self.book_uris - set(now):
            self.publish(uri, [])
        for uri, diagnostics in now.items():
            if not diagnostics and uri not in self.book_uris and uri not in self.docs:
                continue  # nothing to say of a file that had nothing said of it
            self.publish(uri, diagnostics)
            for d in diagnostics:
                if d.severity == types.DiagnosticSeverity.Error and d.message not in self.shown:
                    self.shown.add(d.message)
                    self.server.window_show_message(
                        types.ShowMessageParams(types.MessageType.Error, f"lexlint: {uri}: {d.message}")
                    )
        self.book_uris = {uri for uri, diagnostics in now.items() if diagnostics}

    async def reload(self) -> None:
        """A configuration or phrasebook file changed: load them again and lint everything again."""
        assert self.work is not None
        work = self.work
        await self.run(work.setups.forget)
        self.shown.clear()
        await self.refresh_books()
        await self.relint_all()

    def _watched(self, path: str | None) -> bool:
        if path is None or self.work is None:
            return False
        return path in self.work.setups.watched() or self.work.setups.is_config_name(path)

    # ---- the protocol ----------------------------------------------------------------------------

    def _register(self) -> None:
        server = self.server

        @server.feature(types.INITIALIZE)
        def initialize(params: types.InitializeParams) -> None:
            options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
            if isinstance(options.get("debounce"), (int, float)) and options["debounce"] >= 0:
                self.debounce = options["debounce"] / 1000
            folders = params.workspace_folders or []
            root_uri = params.root_uri or (folders[0].uri if folders else None)
            self.root = (file_path(root_uri) if root_uri else None) or params.root_path
            self.work = Work(self.flags, self.root)

        @server.feature(types.INITIALIZED)
        async def initialized(params: types.InitializedParams) -> None:
            caps = server.client_capabilities.workspace
            watch = caps.did_change_watched_files if caps else None
            if watch is not None and watch.dynamic_registration:
                watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
                registration = types.Registration(
                    id="lexlint-config-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                )
                try:
                    await server.client_register_capability_async(types.RegistrationParams([registration]))
                except Exception as exc:  # a client that offers and then refuses: saves still reload
                    log.warning("the client would not watch the configuration files: %s", exc)

        @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
        async def did_open(params: types.DidOpenTextDocumentParams) -> None:
            item = params.text_document
            self.docs[item.uri] = Document(item.uri, item.text, item.version, item.language_id)
            self.schedule(item.uri, 0)
            await self.refresh_books()

        @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
        def did_change(params: types.DidChangeTextDocumentParams) -> None:
            doc = self.docs.get(params.text_document.uri)
            if doc is None:
                return
            for change in params.content_changes:
                if isinstance(change, types.TextDocumentContentChangePartial):
                    lines = Lines(doc.text, self.encoding)
                    start = lines.offset(change.range.start.line, change.range.start.character)
                    end = lines.offset(change.range.end.line, change.range.end.character)
                    doc.change(change.text, params.text_document.version, start, end)
                else:
                    doc.change(change.text, params.text_document.version)
            self.schedule(doc.uri, self.debounce)

        @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
        async def did_save(params: types.DidSaveTextDocumentParams) -> None:
            uri = params.text_document.uri
            if self._watched(file_path(uri)):
                await self.reload()
            elif uri in self.docs:
                self.schedule(uri, 0)

        @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
        async def did_close(params: types.DidCloseTextDocumentParams) -> None:
            uri = params.text_document.uri
            self.docs.pop(uri, None)
            pending = self.pending.pop(uri, None)
            if pending is not None:
                pending.cancel()
            if self.linted.pop(uri, None) is not None and uri not in self.book_uris:
                self.publish(uri, [])
            if self.work is not None:
                work = self.work
                await self.run(lambda: work.close(uri))

        @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
        async def watched_files(params: types.DidChangeWatchedFilesParams) -> None:
            if any(self._watched(file_path(change.uri)) for change in params.changes):
                await self.reload()

        @server.feature(types.TEXT_DOCUMENT_HOVER)
        async def hover(params: types.HoverParams) -> types.Hover | None:
            doc = self.docs.get(params.text_document.uri)
            linted = await self.latest(doc) if doc is not None else None
            if linted is None or self.work is None:
                return None
            lines = linted.lines
            offset = lines.offset(params.position.line, params.position.character)
            work = self.work
            found = await self.run(lambda: work.hover(linted, offset))
            if found is None:
                return None
            text, start, end = found
            content = types.MarkupContent(kind=types.MarkupKind.PlainText, value=text)
            return types.Hover(contents=content, range=span(lines, start, end))

        kinds: list[types.CodeActionKind | str] = [types.CodeActionKind.QuickFix, acts.FIX_ALL]

        @server.feature(
            types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=kinds, resolve_provider=True)
        )
        async def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
            doc = self.docs.get(params.text_document.uri)
            linted = await self.latest(doc) if doc is not None else None
            if linted is None or self.work is None:
                return None
            lines = linted.lines
            start = lines.offset(params.range.start.line, params.range.start.character)
            end = lines.offset(params.range.end.line, params.range.end.character)
            only = params.context.only
            wants_all = _wanted(acts.FIX_ALL, only)
            lazy = wants_all and self._resolves_edits()
            work = self.work
            found = await self.run(lambda: work.code_actions(linted, start, end, fix_all=wants_all and not lazy))
            out = [self._code_action(linted, a) for a in found if _wanted(a.kind, only)]
            if lazy and linted.triples is not None and acts.has_safe_fix(linted.triples):
                out.append(
                    types.CodeAction(
                        title=acts.TITLES["fix-all"],
                        kind=acts.FIX_ALL,
                        data={"uri": linted.snapshot.uri, "version": linted.snapshot.version},
                    )
                )
            return [a for a in out if a is not None] or None

        @server.feature(types.CODE_ACTION_RESOLVE)
        async def resolve(action: types.CodeAction) -> types.CodeAction:
            data = action.data if isinstance(action.data, dict) else {}
            doc = self.docs.get(str(data.get("uri")))
            linted = await self.latest(doc) if doc is not None else None
            if linted is None or self.work is None or linted.setup is None or action.kind != acts.FIX_ALL:
                return action
            work = self.work
            fixed = await self.run(lambda: work.fix_all(linted))
            made = self._code_action(linted, fixed)
            if made is not None:
                action.edit = made.edit
            return action

    # ---- replies ---------------------------------------------------------------------------------

    def _resolves_edits(self) -> bool:
        caps = self.server.client_capabilities.text_document
        action = caps.code_action if caps else None
        resolve = action.resolve_support if action else None
        return resolve is not None and "edit" in resolve.properties

    def _code_action(self, linted: Linted, action: acts.Action) -> types.CodeAction | None:
        """The action as the client takes it: the edits that make its text, or why it is disabled (when
        the client shows disabled actions; else it is left out)."""
        lines = linted.lines
        setup = linted.setup
        diagnostics = None
        if action.finding is not None:
            from lexlint.lsp.diagnostics import diagnostic

            diagnostics = [diagnostic(action.finding, lines, setup.config if setup else None)]
        if action.after is None:
            caps = self.server.client_capabilities.text_document
            shows = caps is not None and caps.code_action is not None and caps.code_action.disabled_support
            if not shows:
                return None
            return types.CodeAction(
                title=action.title,
                kind=action.kind,
                diagnostics=diagnostics,
                disabled=types.CodeActionDisabled(reason=action.refused or ""),
            )
        edits = [
            types.TextEdit(range=span(lines, start, end), new_text=text)
            for start, end, text in changes(linted.snapshot.text, action.after)
        ]
        snap = linted.snapshot
        document = types.OptionalVersionedTextDocumentIdentifier(uri=snap.uri, version=snap.version)
        edit = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)])
        if not self._versioned_edits():
            edit = types.WorkspaceEdit(changes={snap.uri: edits})
        return types.CodeAction(
            title=action.title,
            kind=action.kind,
            diagnostics=diagnostics,
            is_preferred=action.preferred or None,
            edit=edit,
        )

    def _versioned_edits(self) -> bool:
        caps = self.server.client_capabilities.workspace
        edit = caps.workspace_edit if caps else None
        return bool(edit and edit.document_changes)


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether an action of `kind` is among the kinds the client asked for (`only`; none: every kind)."""
    return not only or any(kind == o or kind.startswith(f"{o}.") for o in only)


def serve(flags: Flags) -> None:
    """Run the server on standard input and output until the client says exit. Anything printed by a
    library meanwhile goes to standard error, never into the protocol's stream."""
    import sys

    out = sys.stdout.buffer
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="lexlint lsp: %(message)s")
    lexlint = Lexlint(flags)
    lexlint.server.start_io(sys.stdin.buffer, out)
