"""`lexlint check --server URL`: lint on a running `lexlint serve`, whose pipeline is already warm. Files
are read (and the cache consulted, and the report written) here; only a file's text and name go over the
wire, and the server answers the rules' findings before any configuration, which this run then applies as
it would its own. A server that does not answer, or whose settings would give other findings (another
phrasebook, lexlint, spaCy or lemma table), is passed over with a note and the files are linted here.

Standard library only (urllib): `lexlint check` needs no extra to use a server."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from lexlint.engine import Linter
from lexlint.findings import Finding
from lexlint.serve.service import fingerprint
from lexlint.settings.plan import Plan
from lexlint.sources import ReadOptions
from lexlint.sources.segments import Segment

TIMEOUT = 60.0  # seconds for one file's answer


class Unanswered(Exception):
    """The server did not answer as a lexlint server does."""


def call(url: str, token: str | None, body: dict[str, Any] | None = None) -> Any:
    """GET `url` (or POST `body` as JSON) and the JSON answer; Unanswered when there is none."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        try:
            why = json.loads(exc.read()).get("error", exc.reason)
        except (ValueError, AttributeError):
            why = exc.reason
        raise Unanswered(f"{exc.code} {why}") from None
    except (OSError, ValueError) as exc:  # refused, timed out, not JSON
        raise Unanswered(str(getattr(exc, "reason", None) or exc)) from None


@dataclass
class RemoteLinter(Linter):
    """A Linter whose rule findings come from the server; nothing is compiled here unless the server stops
    answering mid-run, when the rest is linted here (with a note)."""

    url: str = ""
    token: str | None = None
    profile: str | None = None  # the server's name for this profile set (None: its base profiles)
    options: ReadOptions = ReadOptions()
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._local: Linter | None = None

    def rule_findings(self, segments: Any) -> list[Finding]:
        by_path: dict[str, list[Segment]] = {}
        for segment in segments:
            by_path.setdefault(segment.path, []).append(segment)
        out: list[Finding] = []
        for path, found in by_path.items():
            if self._local is None:
                try:
                    out += self._remote(path, found[0].source)
                    continue
                except Unanswered as exc:
                    self.notes.append(f"{self.url} stopped answering ({exc}); linting the rest here")
                    self._local = Linter(self.book)
            out += self._local.rule_findings(found)
        return out

    def _remote(self, path: str, text: str) -> list[Finding]:
        o = self.options
        body = {
            "text": text,
            "name": os.path.basename(path) or "stdin",
            "context": o.context,
            "input_format": o.input_format,
            "fields": list(o.fields),
            "column": o.column,
            "context_field": o.context_field,
            "profile": self.profile,
        }
        rows = call(f"{self.url}/v1/findings", self.token, body).get("findings")
        if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == len(Finding._fields) for r in rows):
            raise Unanswered("an answer that is not a list of findings")
        return [Finding(*row)._replace(path=path) for row in rows]


@dataclass
class Remote:
    """The server's linter for each group of the plan it can lint, and what to tell the user."""

    linters: dict[tuple[str, ...], Linter]
    notes: list[str]

    def later_notes(self) -> list[str]:
        """What went wrong once the run had started (the server stopped answering)."""
        return [note for linter in self.linters.values() if isinstance(linter, RemoteLinter) for note in linter.notes]


def connect(url: str, plan: Plan, token: str | None) -> Remote:
    """A RemoteLinter for each group whose profiles the server has loaded with the same settings."""
    url = url.rstrip("/")
    try:
        health = call(f"{url}/v1/health", token)
        sets = {tuple(s["profiles"]): s for s in health["profile_sets"]}
    except (Unanswered, KeyError, TypeError) as exc:
        return Remote({}, [f"no lexlint server answers at {url} ({exc}); linting here"])
    linters: dict[tuple[str, ...], Linter] = {}
    notes = []
    for group in plan.groups:
        known = sets.get(group.profiles)
        if known is None:
            profiles = ", ".join(group.profiles) or "none"
            notes.append(f"the server at {url} has not loaded the profiles {profiles}; linting here")
            continue
        if known["settings"] != fingerprint(group.book, plan.options.channels):
            notes.append(
                f"the server at {url} has other settings (phrasebooks, channels, lexlint, spaCy or its lemma table); "
                "linting here"
            )
            continue
        linters[group.profiles] = RemoteLinter(group.book, None, url, token, known["profile"], plan.options)
    return Remote(linters, notes)
