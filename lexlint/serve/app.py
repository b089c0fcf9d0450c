"""The Starlette application: native `/v1` (lint, fix, rules, explain, health), LanguageTool's `/v2`,
`/openapi.json` and the writer's page at `/` (the files of lexlint/serve/page/, which call `/v1`), behind
the guard every request passes (token, origin, access log) and the work queue.

Every answer but the page's files is JSON; every error is `{"error": message}` with its status, never a
traceback. Lint work runs on the queue's thread, so the pipeline is never shared between two requests at
once."""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lexlint import report
from lexlint.engine import Linter
from lexlint.errors import LexlintError
from lexlint.report import json as json_report
from lexlint.serve import languagetool as lt
from lexlint.serve import openapi
from lexlint.serve.limits import Busy, Limits, WorkQueue
from lexlint.serve.service import KINDS, At, RequestError, Service, Settings
from lexlint.sources import ReadOptions

log = logging.getLogger("lexlint.serve")
ENVIRONMENT = "LEXLINT_SERVE"  # the settings handed to worker processes (`--workers N`)
TOKEN_ENV = "LEXLINT_TOKEN"
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
# the writer's page: a fixed set of files shipped in the package (lexlint/serve/page/), each at its own
# route, so no path from a request ever reaches the file system
PAGE = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/page.js": ("page.js", "text/javascript; charset=utf-8"),
    "/page.css": ("page.css", "text/css; charset=utf-8"),
    "/favicon.svg": ("favicon.svg", "image/svg+xml"),
}
PAGE_HEADERS = {
    # the page runs only its own script and calls only this server: no inline script, no other origin
    "content-security-policy": "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-cache",  # a newer lexlint's page, not the browser's copy of the last one
}
OPEN_PATHS = ("/v1/health", "/openapi.json", *PAGE)  # answered without the token: they say nothing of any text
LINT_FIELDS = ("text", "context", "kind", "select", "ignore", "profile")
JSON = "application/json"
SHAPE_FIELD = "sentences"  # /v1/lint only: also every sentence with the moves it carries
FILE_FIELDS = ("text", "name", "context", "input_format", "fields", "column", "context_field", "profile")


@dataclass(frozen=True)
class Security:
    token: str | None = None  # required on every call but OPEN_PATHS when set
    origins: tuple[str, ...] = ()  # web origins allowed to call, with CORS headers


def error(message: str, status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status, headers=headers)


# ---- the guard: token, origin, access log ----------------------------------------------------------


class Guard:
    """Pure ASGI middleware: logs each request (method, path, status, time, bytes; never a query string or a
    body, which may hold the message), refuses web origins not allowed (403) and adds CORS headers for those
    allowed, and checks the token in constant time (401 none, 403 wrong)."""

    def __init__(self, app: ASGIApp, security: Security) -> None:
        self.app = app
        self.security = security

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 0, "bytes": 0}

        async def logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        async def counted() -> Message:
            message = await receive()
            status["bytes"] += len(message.get("body", b""))
            return message

        try:
            await self._guarded(scope, counted, logged)
        finally:
            client = scope.get("client") or ("-", 0)
            log.info(
                '%s "%s %s" %s %.1fms %dB',
                client[0],
                scope["method"],
                scope["path"],
                status["code"],
                (time.perf_counter() - started) * 1000,
                status["bytes"],
            )

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        allowed = origin is not None and origin in self.security.origins
        own = origin is not None and origin in own_origins(scope)
        if origin is not None and not allowed and not own and not origin.startswith(EXTENSION_SCHEMES):
            await error(f"origin {origin!r} is not allowed (start the server with --allow-origin)", 403)(
                scope, receive, send
            )
            return
        cors = {"access-control-allow-origin": origin, "vary": "Origin"} if allowed and origin else {}
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:  # a CORS preflight
            preflight = {
                **cors,
                "access-control-allow-methods": "GET, POST, OPTIONS",
                "access-control-allow-headers": "Authorization, Content-Type",
                "access-control-max-age": "600",
            }
            await Response(status_code=204, headers=preflight)(scope, receive, send)
            return
        refusal = self._refusal(scope["path"], headers.get("authorization"))
        if refusal is not None:
            refusal.headers.update(cors)
            await refusal(scope, receive, send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start" and cors:
                message["headers"] = [*message.get("headers", []), *((k.encode(), v.encode()) for k, v in cors.items())]
            await send(message)

        await self.app(scope, receive, with_cors)

    def _refusal(self, path: str, authorization: str | None) -> JSONResponse | None:
        """The answer to a call without the right token, or None when it may go on. /v2/check may carry the
        token as its `apiKey` field instead (LanguageTool's clients send one there), checked there."""
        if self.security.token is None or path in OPEN_PATHS:
            return None
        if authorization is None:
            if path == "/v2/check":
                return None
            return error("this server needs an API token: send 'Authorization: Bearer TOKEN'", 401)
        if not authorized(self.security.token, authorization.removeprefix("Bearer ").strip()):
            return error("wrong API token", 403)
        return None


def own_origins(scope: Scope) -> tuple[str, ...]:
    """The origins of pages this server serves itself (the writer's page): the address the request came in on,
    as an IP literal, and localhost on a loopback address. Never a name a DNS record could point here (a
    page on a rebound name sends that name as its origin, and stays refused)."""
    server = scope.get("server")
    if not server or server[1] is None:
        return ()
    host, port = server
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:  # a Unix socket's path
        return ()
    suffix = "" if port == 80 else f":{port}"
    literal = f"http://[{host}]{suffix}" if ":" in host else f"http://{host}{suffix}"
    return (literal, f"http://localhost{suffix}") if loopback else (literal,)


def authorized(token: str, given: str) -> bool:
    return hmac.compare_digest(token.encode("utf-8"), given.encode("utf-8"))


# ---- the application -----------------------------------------------------------------------------


def create_app(service: Service, limits: Limits, security: Security) -> ASGIApp:
    queue = WorkQueue(limits)
    as_json = report.formats()["json"]  # looked up once: a lint answer is the JSON report of its text
    rules = lt.rules_of(service)
    schema = openapi.document(list(KINDS), service.offered())

    async def body(request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_body:
            raise RequestError(f"request body over {limits.max_body} bytes", 413)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.max_body:
                raise RequestError(f"request body over {limits.max_body} bytes", 413)
            chunks.append(chunk)
        return b"".join(chunks)

    async def fields(request: Request, allowed: tuple[str, ...]) -> dict[str, Any]:
        try:
            doc = json.loads(await body(request))
        except (ValueError, RecursionError):  # also a body that is not UTF-8, or nested past the parser's depth
            raise RequestError("the request body is not valid JSON", 400) from None
        if not isinstance(doc, dict):
            raise RequestError("the request body must be a JSON object", 422)
        unknown = [k for k in doc if k not in allowed]
        if unknown:  # a phrasebook or config path among them: the API never opens a file
            raise RequestError(f"unknown field {unknown[0]!r} (fields: {', '.join(allowed)})", 422)
        if not isinstance(doc.get("text"), str):
            raise RequestError("'text' must be a string", 422)
        for name in ("context", "kind"):
            if not isinstance(doc.get(name, ""), str):
                raise RequestError(f"{name!r} must be a string", 422)
        if not isinstance(doc.get("profile", None), (str, type(None))):
            raise RequestError("'profile' must be a string or null", 422)
        return doc

    def message(doc: dict[str, Any]) -> tuple[Linter, str, str, str]:
        """The request's linter, text, customer's message and kind."""
        linter = service.linter(doc.get("profile"), ids(doc, "select"), ids(doc, "ignore"))
        return linter, lt.clean(doc["text"]), lt.clean(doc.get("context", "")), doc.get("kind", "draft")

    async def lint(request: Request) -> Response:
        doc = await fields(request, (*LINT_FIELDS, SHAPE_FIELD))
        if not isinstance(doc.get(SHAPE_FIELD, False), bool):
            raise RequestError(f"{SHAPE_FIELD!r} must be true or false", 422)
        linter, text, context, kind = message(doc)
        if not doc.get(SHAPE_FIELD):  # the answer is byte for byte `lexlint check --format json` of the text
            path, findings = await queue.run(lambda: service.lint(text, linter, kind, context))
            return Response(as_json.render(findings, report.Run(1, {path: text}, paths=(path,))), media_type=JSON)
        path, findings, shape = await queue.run(lambda: service.shape(text, linter, kind, context))
        answer = json_report.document(findings, report.Run(1, {path: text}, paths=(path,)))
        answer[SHAPE_FIELD] = [s.to_dict() for s in shape]
        return Response(report.json_text(answer, rows=(SHAPE_FIELD,), encoded=json_report.ENCODED), media_type=JSON)

    async def fix(request: Request) -> Response:
        doc = await fields(request, (*LINT_FIELDS, "unsafe", "finding"))
        if not isinstance(doc.get("unsafe", False), bool):
            raise RequestError("'unsafe' must be true or false", 422)
        one = at(doc["finding"]) if "finding" in doc else None
        linter, text, context, kind = message(doc)
        outcome = await queue.run(lambda: service.fix(text, linter, kind, context, bool(doc.get("unsafe")), one))
        refused = [{k: v for k, v in asdict(r).items() if k != "path"} for r in outcome.refused]
        return JSONResponse({"text": outcome.after, "applied": outcome.applied, "refused": refused})

    async def file_findings(request: Request) -> Response:
        doc = await fields(request, FILE_FIELDS)
        if not isinstance(doc.get("name"), str):
            raise RequestError("'name' must be a string", 422)
        for name in ("column", "context_field", "input_format"):
            if not isinstance(doc.get(name), (str, type(None))):
                raise RequestError(f"{name!r} must be a string or null", 422)
        selectors = doc.get("fields", [])
        if not isinstance(selectors, list) or not all(isinstance(f, str) for f in selectors):
            raise RequestError("'fields' must be a list of strings", 422)
        options = ReadOptions(
            input_format=doc.get("input_format"),
            fields=tuple(selectors),
            column=doc.get("column"),
            context_field=doc.get("context_field"),
            context=lt.clean(doc.get("context", "")),
        )
        text, name, profile = lt.clean(doc["text"]), doc["name"], doc.get("profile")
        found = await queue.run(lambda: service.findings(text, name, options, profile))
        return JSONResponse({"findings": [list(f) for f in found]})

    async def list_rules(request: Request) -> Response:
        return JSONResponse({"rules": service.rules(request.query_params.get("profile"))})

    async def explain(request: Request) -> Response:
        rule_id = request.path_params["rule_id"]
        return JSONResponse({"id": rule_id, "text": service.explain(rule_id, request.query_params.get("profile"))})

    async def health(request: Request) -> Response:
        return JSONResponse({**service.health(), "needs_token": security.token is not None})

    async def check(request: Request) -> Response:
        raw = await body(request)
        if request.headers.get("content-type", "").startswith("multipart/"):
            raise RequestError("send the form as application/x-www-form-urlencoded", 400)
        form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        if security.token is not None and "authorization" not in request.headers:
            if "apiKey" not in form:
                raise RequestError("this server needs an API token: 'Authorization: Bearer TOKEN' or apiKey", 401)
            if not authorized(security.token, form["apiKey"]):
                raise RequestError("wrong API token", 403)
        checked = lt.parse(form)
        return JSONResponse(await queue.run(lambda: lt.check(service, rules, checked)))

    async def languages(request: Request) -> Response:
        return JSONResponse(lt.languages())

    async def described(request: Request) -> Response:
        return JSONResponse(schema)

    def page_file(name: str, media: str) -> Callable[[Request], Awaitable[Response]]:
        body = (resources.files(__package__) / "page" / name).read_bytes()  # read once, at start

        async def answer(request: Request) -> Response:
            return Response(body, media_type=media, headers=PAGE_HEADERS)

        return answer

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        queue.close()

    app = Starlette(
        routes=[
            Route("/v1/health", health, methods=["GET"]),
            Route("/v1/lint", lint, methods=["POST"]),
            Route("/v1/fix", fix, methods=["POST"]),
            Route("/v1/findings", file_findings, methods=["POST"]),
            Route("/v1/rules", list_rules, methods=["GET"]),
            Route("/v1/rules/{rule_id}", explain, methods=["GET"]),
            Route("/v2/check", check, methods=["POST"]),
            Route("/v2/languages", languages, methods=["GET"]),
            Route("/openapi.json", described, methods=["GET"]),
            *(Route(path, page_file(name, media), methods=["GET"]) for path, (name, media) in PAGE.items()),
        ],
        exception_handlers={
            HTTPException: _http_error,
            LexlintError: _lexlint_error,
            Exception: _bug,
        },
        lifespan=lifespan,
    )
    return Guard(app, security)


def at(value: Any) -> At:
    """The `finding` field of a fix: the line, column and rule of the one finding whose rewrite to apply."""
    if (
        isinstance(value, dict)
        and set(value) == set(At._fields)
        and all(isinstance(value[k], int) and not isinstance(value[k], bool) for k in ("line", "column"))
        and isinstance(value["rule"], str)
    ):
        return At(value["line"], value["column"], value["rule"])
    raise RequestError('\'finding\' must be {"line": integer, "column": integer, "rule": string}', 422)


def ids(doc: dict[str, Any], name: str) -> tuple[str, ...] | None:
    """A select/ignore field: a list of ids or tags, or one comma-separated string; None when absent."""
    if name not in doc:
        return None
    value = doc[name]
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RequestError(f"{name!r} must be a list of strings, or one comma-separated string", 422)
    return tuple(v.strip() for v in value if v.strip())


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error(exc.detail, exc.status_code, dict(exc.headers or {}))


async def _lexlint_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, Busy):
        return error(exc.message, exc.status, {"Retry-After": str(exc.retry_after)})
    if isinstance(exc, RequestError):
        return error(exc.message, exc.status)
    return error(str(exc), 422)  # the text's reader refused it (a macro that is not JSON …)


async def _bug(request: Request, exc: Exception) -> Response:
    log.error("internal error answering %s %s", request.method, request.url.path, exc_info=exc)
    return error("internal error in lexlint; the server's log has the details", 500)


def from_environment() -> ASGIApp:
    """The app a worker process builds (`--workers N`), from the settings its parent put in ENVIRONMENT."""
    spec = json.loads(os.environ[ENVIRONMENT])
    service = Service.start(Settings.from_dict(spec["settings"]))
    security = Security(os.environ.get(TOKEN_ENV) or None, tuple(spec["origins"]))
    return create_app(service, Limits(**spec["limits"]), security)
