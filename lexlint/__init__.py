"""lexlint: lint customer-service messages against a company phrasebook."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lexlint.findings import Finding

__all__ = ["__version__", "lint_text"]


__version__ = "0.1.0"  # the one place the version is written; pyproject.toml reads it from here


def lint_text(
    text: str,
    phrasebooks: list[str] | tuple[str, ...] = (),
    *,
    default: bool = True,
    context: str = "",
    path: str = "<text>",
    profiles: list[str] | tuple[str, ...] = (),
) -> list[Finding]:
    """Lint one message with the bundled phrasebook (unless default=False) layered with `phrasebooks`
    and the bundled ordering `profiles`. `context` is the customer's message being answered. The text is
    read as `path` would be (a plain draft by default: placeholders masked, suppression comments honoured)."""
    from lexlint.engine import Linter
    from lexlint.rulebook.phrasebook import load_phrasebooks
    from lexlint.sources import ReadOptions, read_text

    linter = Linter(load_phrasebooks(phrasebooks, default=default, profiles=profiles))
    return linter.lint(read_text(path, text, ReadOptions(context=context)))
