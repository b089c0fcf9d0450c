"""The server's work on its lint thread: a document version linted into diagnostics, the code actions and
hover text for it, and the diagnostics of the configuration and phrasebook files. Everything that touches
the engine runs here, one job at a time, so a Linter's pipeline is never shared between two jobs; the event
loop only hands out snapshots and publishes what comes back."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial

from lsprotocol import types

from lexlint.engine import Memo
from lexlint.errors import InternalError, LexlintError, NothingToLint
from lexlint.findings import Finding
from lexlint.lsp import actions
from lexlint.lsp.diagnostics import SOURCE, at_error, diagnostic, span
from lexlint.lsp.phrasebooks import failing_examples
from lexlint.lsp.positions import Lines
from lexlint.lsp.setups import Flags, Setup, Setups
from lexlint.rulebook.explain import explain_text
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.sources import read_text
from lexlint.sources.segments import Segment


@dataclass(frozen=True)
class Snapshot:
    """One version of a document, as the lint thread is handed it."""

    uri: str
    text: str
    version: int
    path: str  # what it is linted as
    input_format: str | None
    encoding: str


@dataclass
class Linted:
    """A document version's findings and diagnostics, with what its code actions need once asked for."""

    snapshot: Snapshot
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    setup: Setup | None = None  # None: not linted as a message (a config, a phrasebook, a file left out)
    error: LexlintError | None = None  # the configuration's (reported on the file it names)
    segments: list[Segment] | None = None  # read when code actions are first asked for
    triples: list[actions.Triple] | None = None
    fixed_all: actions.Action | None = None

    @property
    def lines(self) -> Lines:
        return Lines(self.snapshot.text, self.snapshot.encoding)


class Work:
    """What the lint thread knows: the loaded configurations, and each phrasebook file's last problems."""

    def __init__(self, flags: Flags, root: str | None) -> None:
        self.setups = Setups(flags, root)
        self._memos: dict[str, Memo] = {}  # by document: its segments' hits, for the next lint after an edit
        self._examples: dict[str, tuple[Phrasebook, list[types.Diagnostic]]] = {}

    # ---- documents -------------------------------------------------------------------------------

    def lint(self, snap: Snapshot) -> Linted:
        """The document's findings as `lexlint check` reports them for its file, as diagnostics."""
        found = self.setups.for_file(snap.path, snap.input_format)
        if found.error is not None:
            return Linted(snap, error=found.error)
        if found.setup is None or snap.path in self.setups.phrasebook_files(snap.path):
            return Linted(snap)  # a file the configuration does not lint as a message (setup None)
        setup = found.setup
        lines = Lines(snap.text, snap.encoding)
        try:
            findings = setup.linter.lint(read_text(snap.path, snap.text, setup.options), self.memo(snap.uri))
        except NothingToLint:
            return Linted(snap, setup=setup)
        except LexlintError as exc:  # a file that does not parse (yet): its error where it names
            return Linted(snap, setup=setup, diagnostics=[at_error(exc, snap.text, snap.encoding)])
        except Exception as exc:  # a bug met in this file: said, as `check` says it, never a dead server
            bug = InternalError.from_exception(exc, snap.path)
            return Linted(snap, setup=setup, diagnostics=[at_error(bug, snap.text, snap.encoding)])
        diagnostics = [diagnostic(f, lines, setup.config) for f in findings]
        return Linted(snap, findings, diagnostics, setup)

    def memo(self, uri: str) -> Memo:
        return self._memos.setdefault(uri, Memo())

    def close(self, uri: str) -> None:
        self._memos.pop(uri, None)

    def at(self, linted: Linted, start: int, end: int) -> list[Finding]:
        """The findings that touch [start, end] (a cursor touches a finding it stands at either end of)."""
        return [f for f in linted.findings if f.start <= end and start <= f.end]

    def code_actions(self, linted: Linted, start: int, end: int, fix_all: bool) -> list[actions.Action]:
        """The actions for the findings at [start, end]: each one's rewrite, its missing line, a suppression;
        then (with `fix_all`) every safe rewrite in the file, once there is one."""
        setup, snap = linted.setup, linted.snapshot
        if setup is None:
            return []
        if linted.triples is None:
            linted.segments = read_text(snap.path, snap.text, setup.options)
            linted.triples = list(setup.linter.fixes(linted.segments, self.memo(snap.uri)))
        segments = linted.segments or []
        by_key = {(f.start, f.end, f.rule): (s, h, f) for s, h, f in linted.triples}
        out: list[actions.Action] = []
        for finding in self.at(linted, start, end):
            triple = by_key.get((finding.start, finding.end, finding.rule))
            if triple is not None:
                for make in (actions.rewrite, actions.insertion):
                    action = make(snap.path, snap.text, setup.options, segments, triple)
                    if action is not None:
                        out.append(action)
            suppress = actions.suppression(snap.path, snap.text, setup.options, setup.linter, finding, linted.findings)
            if suppress is not None:
                out.append(suppress)
        if fix_all and actions.has_safe_fix(linted.triples):
            out.append(self.fix_all(linted))
        return out

    def fix_all(self, linted: Linted) -> actions.Action:
        if linted.fixed_all is None:
            setup, snap = linted.setup, linted.snapshot
            assert setup is not None
            linter, memo = setup.linter, self.memo(snap.uri)
            lint = partial(linter.fixes, memo=memo)
            linted.fixed_all = actions.fix_all(snap.path, snap.text, setup.options, lint)
        return linted.fixed_all

    def hover(self, linted: Linted, offset: int) -> tuple[str, int, int] | None:
        """What `lexlint explain` says of each rule with a finding at `offset`, and the span they cover."""
        here = self.at(linted, offset, offset)
        if not here or linted.setup is None:
            return None
        book, cfg = linted.setup.linter.book, linted.setup.config
        texts = []
        for rule in dict.fromkeys(f.rule for f in here):
            try:
                texts.append(explain_text(rule, book, cfg))
            except LexlintError as exc:
                texts.append(exc.message)
        return "\n\n".join(texts), min(f.start for f in here), max(f.end for f in here)

    # ---- configuration and phrasebook files ------------------------------------------------------

    def books(self, paths: list[str], texts: dict[str, str], encoding: str) -> dict[str, list[types.Diagnostic]]:
        """Diagnostics for the configuration and phrasebook files behind the documents at `paths` (open
        documents; `texts` their text by path): a configuration or phrasebook that does not load, at the
        line and column of its error; and each open phrasebook's failing examples. A file with none is
        given an empty list, so that what it showed before is cleared."""
        out: dict[str, list[types.Diagnostic]] = {}
        by_config: dict[str | None, list[str]] = {}
        for path in paths:
            by_config.setdefault(self.setups.config_path(path), []).append(path)
        for config_file, near in by_config.items():
            if config_file:
                out.setdefault(config_file, [])
            try:
                _cfg, book = self.setups.rulebook(near[0])
            except LexlintError as exc:
                where = exc.path or config_file
                if where:
                    out.setdefault(where, []).append(at_error(exc, _text(where, texts), encoding))
                continue
            local = set(self.setups.phrasebook_files(near[0]))
            for path in local:
                out.setdefault(path, [])
            for path in near:
                if path in local:
                    out[path] = self._failing(book, path, texts, encoding)
        return out

    def _failing(self, book: Phrasebook, path: str, texts: dict[str, str], encoding: str) -> list[types.Diagnostic]:
        known = self._examples.get(path)
        if known is not None and known[0] is book:
            return known[1]
        lines = Lines(_text(path, texts) or "", encoding)
        found = []
        for problem in failing_examples(book, path):
            line = min(problem.line - 1, len(lines.starts) - 1)
            start = lines.starts[line] + problem.column - 1
            end = max(lines.offset(line, 1 << 30), start)
            found.append(
                types.Diagnostic(
                    range=span(lines, start, end),
                    message=problem.message,
                    severity=types.DiagnosticSeverity.Warning,
                    source=SOURCE,
                )
            )
        self._examples[path] = (book, found)
        return found


def _text(path: str, texts: dict[str, str]) -> str | None:
    """The file as saved: what its error's line and column count in (the open copy when it is the same)."""
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return texts.get(os.path.abspath(path))
