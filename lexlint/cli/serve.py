"""`lexlint serve`: the HTTP API (native /v1, LanguageTool's /v2) and the writer's page at `/`, with the
configuration resolved once and the pipeline kept warm. Starlette and uvicorn come with the `serve` extra,
imported only by this command."""

from __future__ import annotations

import copy
import json
import os
import sys
from typing import Any

import click

from lexlint.cli.common import fail, no_default_option, phrasebook_option, profile_option
from lexlint.errors import EXIT_ERROR, LexlintError

DEFAULT_PORT = 8081  # where LanguageTool's clients look for a local server
OPEN_WAIT_SECONDS = 120.0  # --open: how long to wait for the server to answer (the pipeline loads first)
EXTRA = "pip install 'lexlint[serve]'"


def _loopback(host: str) -> bool:
    import ipaddress  # here, with socket below: every command imports this module

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def _ids(values: tuple[str, ...]) -> tuple[str, ...] | None:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip()) or None


@click.command()
@phrasebook_option
@no_default_option
@profile_option
@click.option(
    "--offer-profile",
    "offered",
    multiple=True,
    metavar="NAME",
    help="A profile a request may add with its `profile` field (repeatable); the config's overrides' are offered too.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True),
    help="Use this config file instead of the nearest lexlint.yaml / .lexlint.yaml / pyproject.toml.",
)
@click.option("--select", multiple=True, help="Only these rule ids or tags (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, help="Never these rule ids or tags (comma-separated, repeatable).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on; not loopback needs --token."
)
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Server processes.")
@click.option("--token", envvar="LEXLINT_TOKEN", help="API token every call must carry (env LEXLINT_TOKEN).")
@click.option("--allow-origin", "origins", multiple=True, help="A web origin allowed to call, with CORS (repeatable).")
@click.option("--max-body", type=click.IntRange(min=1), default=None, help="Largest request body in bytes [1000000].")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=None, help="Seconds a request may take [20].")
@click.option("--queue", type=click.IntRange(min=0), default=None, help="Requests that may wait behind one [32].")
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="One line per request, no text.")
@click.option("--open", "open_page", is_flag=True, help="Open the writer's page in the browser once the server is up.")
def serve(
    phrasebooks: tuple[str, ...],
    no_default: bool,
    profiles: tuple[str, ...],
    offered: tuple[str, ...],
    config_file: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    host: str,
    port: int,
    workers: int,
    token: str | None,
    origins: tuple[str, ...],
    max_body: int | None,
    time_limit: float | None,
    queue: int | None,
    access_log: bool,
    open_page: bool,
) -> None:
    """Serve the HTTP API: /v1 (lint, fix, rules) and LanguageTool's /v2/check; and the writer's page at /,
    where a draft is linted as it is written."""
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        click.echo(f"lexlint: error: lexlint serve needs its extra: {EXTRA}", err=True)
        sys.exit(EXIT_ERROR)
    if not _loopback(host) and not token:
        fail(LexlintError(f"--host {host} is not a loopback address: give --token (or LEXLINT_TOKEN) as well"))

    from lexlint.report import visible
    from lexlint.serve import app as serving
    from lexlint.serve.limits import Limits
    from lexlint.serve.service import Service, Settings, resolve

    settings = Settings(config_file, phrasebooks, no_default, profiles, offered, _ids(select), _ids(ignore))
    given: dict[str, Any] = {"max_body": max_body, "time_limit": time_limit, "queue": queue}
    limits = Limits(**{k: v for k, v in given.items() if v is not None})
    security = serving.Security(token or None, origins)
    _check_bind(host, port)
    try:
        if workers == 1:
            service = Service.start(settings)
            warnings = service.warnings
        else:  # each worker process resolves and compiles its own; here only whether they will load
            warnings = tuple(str(w) for w in resolve(settings)[0].warnings)
    except LexlintError as exc:
        fail(exc)
    for warning in warnings:
        click.echo(visible(f"lexlint: warning: {warning}"), err=True)
    page = page_url(host, port)
    click.echo(f"lexlint: the writer's page: {page}", err=True)
    if open_page:
        import threading

        threading.Thread(target=_open_when_up, args=(host, port, page), daemon=True).start()
    target: Any = f"{serving.__name__}:from_environment"  # what each worker process builds
    if workers == 1:
        target = serving.create_app(service, limits, security)
    else:
        os.environ[serving.ENVIRONMENT] = json.dumps(
            {"settings": settings.to_dict(), "limits": vars(limits), "origins": list(origins)}
        )
        if token:
            os.environ[serving.TOKEN_ENV] = token
    uvicorn.run(
        target,
        host=host,
        port=port,
        workers=workers,
        factory=workers > 1,
        access_log=False,
        log_config=_log_config(uvicorn.config.LOGGING_CONFIG, access_log),
        timeout_graceful_shutdown=5,
    )


WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # every address: reached here through loopback


def page_url(host: str, port: int) -> str:
    """Where a browser on this machine finds the page."""
    shown = WILDCARDS.get(host, host)
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def _open_when_up(host: str, port: int, page: str) -> None:
    """Open the page in the browser as soon as the server accepts a connection (bounded: it may not start)."""
    import socket
    import time
    import webbrowser

    target = WILDCARDS.get(host, host)
    deadline = time.monotonic() + OPEN_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            socket.create_connection((target, port), timeout=1).close()
        except OSError:
            time.sleep(0.2)
            continue
        webbrowser.open(page)
        return


def _check_bind(host: str, port: int) -> None:
    """A port in use (or an address not this machine's) as lexlint's one-line error, before uvicorn's log."""
    import socket

    try:
        socket.create_server((host, port)).close()
    except OSError as exc:
        fail(LexlintError(f"cannot listen on {host}:{port}: {exc.strerror or exc}"))


def _log_config(base: dict[str, object], access_log: bool) -> dict[str, object]:
    """uvicorn's logging, with lexlint's access log (uvicorn's own would print query strings)."""
    config = copy.deepcopy(base)
    loggers = config["loggers"]
    assert isinstance(loggers, dict)
    loggers["lexlint.serve"] = {
        "handlers": ["default"],
        "level": "INFO" if access_log else "WARNING",
        "propagate": False,
    }
    return config
