"""`lexlint init`: a starter config and company phrasebook from rules/_init.yaml; never overwrites."""

from __future__ import annotations

import os
import re
from functools import cache

import yaml

from lexlint import __version__
from lexlint.rulebook.resources import rules_dir

CONFIG_NAME = "lexlint.yaml"


@cache
def _words() -> dict[str, str]:
    return yaml.safe_load((rules_dir() / "_init.yaml").read_text(encoding="utf-8"))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "company"


def write(folder: str, name: str) -> list[tuple[str, bool]]:
    """Each file with whether it was written (False: it existed and was left alone)."""
    os.makedirs(folder, exist_ok=True)
    book = f"{_slug(name)}.yaml"
    files = {
        CONFIG_NAME: _words()["config"].format(phrasebook=book),
        book: _words()["phrasebook"].format(phrasebook=book, name=_slug(name)),
    }
    out = []
    for file_name, text in files.items():
        path = os.path.join(folder, file_name)
        try:
            with open(path, "x", encoding="utf-8") as fh:
                fh.write(text)
            out.append((path, True))
        except FileExistsError:
            out.append((path, False))
    return out


def message(path: str, written: bool) -> str:
    return _words()["written" if written else "exists"].format(path=path)


def precommit_snippet() -> str:
    return _words()["pre-commit"].format(version=__version__)
