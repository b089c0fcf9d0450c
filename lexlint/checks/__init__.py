"""Rule kinds: one module per kind, discovered by listing this folder.

Each module defines `KIND`, optionally `prepare(book, nlp) -> state` (built once per phrasebook;
without it the state is the phrasebook itself) and `check(doc, segment, state) -> Iterable[Hit]`.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def kinds() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]
