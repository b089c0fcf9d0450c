"""`lexlint check --server URL`: lint on a running `lexlint serve`, whose pipeline is already warm. Files
are read (and the cache consulted, and the report written) here; only a file's text and name go over the
wire, and the server reads it as this run would and answers the rules' findings before any configuration,
which this run then applies as it would its own. A server that does not answer, or whose settings would give
other findings (another phrasebook, lexlint, spaCy or lemma table), is passed over with a note and the files
are linted here.

Standard library only: `lexlint check` needs no extra to use a server. A warm run is what a pre-commit hook
waits for on every commit, so this module imports little: a plain HTTP/1.1 exchange over a socket for an
`http://` server (urllib, with its proxies and TLS, only for `https://` or when a proxy is set), and no
reader unless the server refuses a file's text."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urlsplit

from lexlint.findings import Finding
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.run.cache import Cache
from lexlint.settings.plan import Plan
from lexlint.sources import ReadOptions, read_text

if TYPE_CHECKING:
    from lexlint.engine import Linter

TIMEOUT = 60.0  # seconds for one file's answer
REFUSED = 422  # the status of a text the server's reader refused (not JSON, nothing to lint …)
PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY")
MAX_ANSWER = 64 * 1024 * 1024  # bytes: far past any file's findings


class Unanswered(Exception):
    """The server did not answer as a lexlint server does; `status` is its HTTP status, when it gave one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def fingerprint(book: Phrasebook, channels: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """What decides a file's findings besides the file and the options a request carries: lexlint's version
    and code, spaCy's and the lemma table's, the compiled phrasebook, the config's channel words. A client
    whose fingerprint differs would get other findings from the server than from itself."""
    return Cache.for_run(book, ReadOptions(channels=channels), root=".").salt


def call(url: str, token: str | None, body: dict[str, Any] | None = None) -> Any:
    """GET `url` (or POST `body` as JSON) and the JSON answer; Unanswered when there is none."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        parts = urlsplit(url)
        if parts.scheme == "http" and not any(os.environ.get(name) for name in PROXY_VARIABLES):
            status, reason, answer = _exchange(parts, data, headers)
        else:
            status, reason, answer = _through_urllib(url, data, headers)
        if status != 200:
            try:
                why = json.loads(answer).get("error", reason)
            except (ValueError, AttributeError):
                why = reason
            raise Unanswered(f"{status} {why}", status)
        return json.loads(answer)
    except (OSError, ValueError) as exc:  # refused, timed out, not HTTP, not JSON
        raise Unanswered(str(getattr(exc, "reason", None) or exc)) from None


def _exchange(parts: SplitResult, data: bytes | None, headers: dict[str, str]) -> tuple[int, str, bytes]:
    """One HTTP/1.1 request on a connection of its own: the answer's status, reason and body, read to its
    length (or its last chunk, or the end of the connection). Raises OSError or ValueError."""
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    head = [f"{'GET' if data is None else 'POST'} {target} HTTP/1.1", f"Host: {parts.netloc.rpartition('@')[2]}"]
    head += ["Connection: close", *(f"{name}: {value}" for name, value in headers.items())]
    if data is not None:
        head.append(f"Content-Length: {len(data)}")
    host = parts.hostname or ""
    # an ASCII host name as bytes: a str one is IDNA-encoded first, and that codec is an import of its own
    address: tuple[Any, int] = (host.encode() if host.isascii() else host, parts.port or 80)
    with socket.create_connection(address, TIMEOUT) as sock:
        sock.sendall("\r\n".join(head).encode("latin-1") + b"\r\n\r\n" + (data or b""))
        got = bytearray()
        while b"\r\n\r\n" not in got:
            got += _received(sock, len(got))
        top, _, body = bytes(got).partition(b"\r\n\r\n")
        status_line, *lines = top.decode("latin-1").split("\r\n")
        version, status, reason = [*status_line.split(" ", 2), ""][:3]
        if not version.startswith("HTTP/1.") or not status.isdigit():
            raise ValueError("an answer that is not HTTP/1.1")
        named = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
        rest = bytearray(body)
        if named.get("transfer-encoding", "").lower() == "chunked":
            while not rest.endswith(b"0\r\n\r\n"):
                rest += _received(sock, len(rest))
            return int(status), reason, _unchunked(bytes(rest))
        length = named.get("content-length", "")
        if length.isdigit():
            while len(rest) < int(length):
                rest += _received(sock, len(rest))
            return int(status), reason, bytes(rest[: int(length)])
        while chunk := sock.recv(1 << 16):
            rest += chunk
            if len(rest) > MAX_ANSWER:
                raise ValueError("an answer too large to be the server's")
        return int(status), reason, bytes(rest)


def _received(sock: socket.socket, have: int) -> bytes:
    """The next bytes of an answer that is not whole yet. Raises ValueError when the server closed the
    connection first, or sent more than any answer of its holds."""
    chunk = sock.recv(1 << 16)
    if not chunk:
        raise ValueError("an answer cut short")
    if have + len(chunk) > MAX_ANSWER:
        raise ValueError("an answer too large to be the server's")
    return chunk


def _unchunked(body: bytes) -> bytes:
    """A chunked body's bytes (a proxy in between may send one so)."""
    out: list[bytes] = []
    at = 0
    while True:
        end = body.index(b"\r\n", at)
        size = int(body[at:end].split(b";", 1)[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(body[end + 2 : end + 2 + size])
        at = end + 2 + size + 2


def _through_urllib(url: str, data: bytes | None, headers: dict[str, str]) -> tuple[int, str, bytes]:
    """The exchange through urllib: TLS, and the proxies the environment names."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=data, headers=headers, method="GET" if data is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return answer.status, answer.reason, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, str(exc.reason), exc.read()


@dataclass
class RemoteLinter:
    """The linter of one profile set on the server, which is sent each file's whole text (a WholeFileLinter
    to the run): nothing is compiled here, nor is the engine imported, unless the server stops answering
    mid-run, when the rest is linted here (with a note)."""

    book: Phrasebook
    url: str
    token: str | None = None
    profile: str | None = None  # the server's name for this profile set (None: its base profiles)
    options: ReadOptions = ReadOptions()
    notes: list[str] = field(default_factory=list)
    _local: Linter | None = field(default=None, init=False, repr=False)

    def file_findings(self, path: str, text: str, options: ReadOptions) -> list[Finding]:
        """The rules' findings in the file `path` holding `text`. A text the server's reader refuses is read
        here, so that the file's error is the one a local run reports."""
        if self._local is None:
            try:
                return self._remote(path, text, options)
            except Unanswered as exc:
                if exc.status == REFUSED:
                    segments = read_text(path, text, options)  # raises the reader's error, as a local run does
                    if not segments:
                        return []
                self.notes.append(f"{self.url} stopped answering ({exc}); linting the rest here")
                from lexlint.engine import Linter

                self._local = Linter(self.book)
        return self._local.rule_findings(read_text(path, text, options))

    def _remote(self, path: str, text: str, o: ReadOptions) -> list[Finding]:
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

    linters: dict[tuple[str, ...], RemoteLinter]
    notes: list[str]

    def later_notes(self) -> list[str]:
        """What went wrong once the run had started (the server stopped answering)."""
        return [note for linter in self.linters.values() for note in linter.notes]


def connect(url: str, plan: Plan, token: str | None) -> Remote:
    """A RemoteLinter for each group whose profiles the server has loaded with the same settings."""
    url = url.rstrip("/")
    try:
        health = call(f"{url}/v1/health", token)
        sets = {tuple(s["profiles"]): s for s in health["profile_sets"]}
    except (Unanswered, KeyError, TypeError) as exc:
        return Remote({}, [f"no lexlint server answers at {url} ({exc}); linting here"])
    linters: dict[tuple[str, ...], RemoteLinter] = {}
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
        linters[group.profiles] = RemoteLinter(group.book, url, token, known["profile"], plan.options)
    return Remote(linters, notes)
