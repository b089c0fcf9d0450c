"""User-facing errors: one line naming the file (and line:column where there is one)."""
from __future__ import annotations


class LexlintError(Exception):
    """A user mistake (bad input, bad phrasebook, bad option): reported in one line, exit code 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = [str(x) for x in (self.path, self.line, self.column) if x is not None]
        return f"{':'.join(where)}: {self.message}" if where else self.message


class InputError(LexlintError):
    """A file that cannot be read or parsed."""


class PhrasebookError(LexlintError):
    """A phrasebook that does not load or compile."""


class PipelineError(LexlintError):
    """A spaCy pipeline an active rule needs is not installed."""


class NothingToLint(InputError):
    """A readable file with no customer-facing text in it (a config file, a JSON file of numbers …):
    reported as a note that says how to point lexlint at the text, not as an error (a pre-commit hook
    hands lexlint every changed JSON and YAML file, package.json included)."""


class Unwritable(Exception):
    """A rewrite that cannot be written into the file without touching what the message does not own
    (markup, an escape or encoding shared with other text, a charset that cannot hold the new text): the
    fix is refused with this reason, and the finding still reported."""
