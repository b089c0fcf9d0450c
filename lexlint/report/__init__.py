"""Report formats: one module per format, discovered by listing this folder.

Each module defines `NAME` and `render(findings, run) -> str`."""
from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from dataclasses import dataclass, field
from types import ModuleType
from typing import NamedTuple

from lexlint.findings import Finding


class RuleDoc(NamedTuple):
    """What a report says about a rule: its default severity, why it exists, what to write instead."""

    id: str
    severity: str
    why: str
    try_: tuple[str, ...] = ()


@dataclass(frozen=True)
class Run:
    """What a report may need besides the findings."""

    files: int
    sources: dict[str, str] = field(default_factory=dict)  # path -> decoded file text
    color: bool = False
    rules: dict[str, RuleDoc] = field(default_factory=dict)  # rule id -> its documentation
    paths: tuple[str, ...] = ()  # every file linted, findings or not


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
