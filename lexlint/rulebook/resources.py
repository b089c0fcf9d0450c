"""Bundled data: the phrasebooks under rules/ (shipped inside the wheel as lexlint/rules/)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # lexlint/


def rules_dir() -> Path:
    installed = _PACKAGE / "rules"
    return installed if installed.is_dir() else _PACKAGE.parent / "rules"


def bundled_path(name: str) -> Path | None:
    path = rules_dir() / f"{name}.yaml"
    return path if path.is_file() else None


def profile_names() -> list[str]:
    return sorted(p.stem for p in (rules_dir() / "profiles").glob("*.yaml"))


def profile_path(name: str) -> Path | None:
    path = rules_dir() / "profiles" / f"{name}.yaml"
    return path if path.is_file() else None


def profile_of(path: str) -> str | None:
    """The bundled profile a phrasebook file is, by name, or None for any other file."""
    found = Path(path)
    return found.stem if found.suffix == ".yaml" and found.parent == rules_dir() / "profiles" else None
