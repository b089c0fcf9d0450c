"""Report formats: one module per format, discovered by listing this folder.

Each module defines `NAME` and `render(findings, run) -> str`."""
from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from json import JSONEncoder
from types import ModuleType
from typing import Any, NamedTuple

from lexlint.errors import LexlintError
from lexlint.findings import Finding


class RuleDoc(NamedTuple):
    """What a report says about a rule: its default severity, why it exists, what to write instead."""

    id: str
    severity: str
    why: str
    instead: tuple[str, ...] = ()  # the rewrites, or the advice


@dataclass(frozen=True)
class Run:
    """What a report may need besides the findings."""

    files: int
    sources: Mapping[str, str] = field(default_factory=dict)  # path -> decoded file text
    color: bool = False
    rules: dict[str, RuleDoc] = field(default_factory=dict)  # rule id -> its documentation
    paths: tuple[str, ...] = ()  # every file linted, findings or not
    unread: int = 0  # files that could not be read (each reported on stderr)
    errors: tuple[LexlintError, ...] = ()  # why each of them could not be: every format reports them


def file_error(err: LexlintError) -> dict[str, object]:
    """A file's error as the machine-readable formats give it."""
    return {"path": err.path, "line": err.line, "column": err.column, "message": err.message}


def formats() -> dict[str, ModuleType]:
    mods = (
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    )
    return {m.NAME: m for m in mods}


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 file", "2 files" ("1 fix", "2 fixes" with many="fixes")."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def summary(findings: list[Finding], files: int) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {
        "files": files,
        "findings": len(findings),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
    }


def json_text(doc: Any, rows: tuple[str, ...] = (), encoded: tuple[str, ...] = ()) -> str:
    """`doc` as a JSON file: laid out like json.dumps(doc, indent=2), except that each item of a list under a
    key in `rows` is one compact line, and each item under a key in `encoded` is such a line already (JSON
    text, written as it is). Given `indent`, json uses its pure-Python encoder, several times slower on
    thousands of findings; this way nearly all the text comes from its C encoder, and the pieces are joined
    once (the text of thousands of findings is megabytes)."""
    out: list[str] = []
    _lay_out(doc, {**dict.fromkeys(rows, _ROW), **dict.fromkeys(encoded, str)}, "", None, out)
    out.append("\n")
    return "".join(out)


# No cycle check: a report builds its document afresh, and the check costs as much as encoding a small row.
_ROW = JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _lay_out(value: Any, rows: dict[str, Callable[[Any], str]], pad: str, line: Callable[[Any], str] | None,
             out: list[str]) -> None:
    """`rows`: list keys whose items are one line each, and how an item becomes its line; `line`: that
    function for the items of this list (None: laid out in full)."""
    if not isinstance(value, (dict, list)) or not value:
        out.append(_ROW(value))
        return
    inner = pad + "  "
    if isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append(f"{',' if i else ''}\n{inner}{_ROW(key)}: ")
            _lay_out(item, rows, inner, rows.get(key), out)
        out.append(f"\n{pad}}}")
        return
    out.append("[")
    for i, item in enumerate(value):
        out.append(f",\n{inner}" if i else f"\n{inner}")
        if line is not None:
            out.append(line(item))
        else:
            _lay_out(item, rows, inner, None, out)
    out.append(f"\n{pad}]")
