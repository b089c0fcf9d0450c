"""User-facing errors: one line naming the file (and line:column where there is one).

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 a usage, config, phrasebook or input error,
3 a bug in lexlint itself (an unexpected exception), 130 interrupted (Ctrl-C)."""

from __future__ import annotations

import os
import traceback

EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


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


class NotARegularFile(NothingToLint):
    """A FIFO, device, socket or the like met among the files to lint: never opened (reading a FIFO with no
    writer blocks forever, a device may never end), so it is a note, not an error."""


class InternalError(LexlintError):
    """A bug in lexlint met while handling one file (an exception no reader, check or phrasebook step
    expects): reported with the file that triggered it and where in lexlint it was raised, the other files
    still linted, and the run ends with EXIT_BUG. A LexlintError so that it travels back from a worker
    process like the other per-file errors (an arbitrary exception may not pickle)."""

    @classmethod
    def from_exception(cls, exc: BaseException, path: str | None) -> InternalError:
        return cls(f"internal error: {describe(exc)}; this is a bug in lexlint, please report it with this file", path)


def describe(exc: BaseException) -> str:
    """One line for an unexpected exception: its type, message and the innermost frame in lexlint."""
    frames = traceback.extract_tb(exc.__traceback__)
    package = os.path.dirname(os.path.abspath(__file__))
    ours = [f for f in frames if os.path.abspath(f.filename).startswith(package + os.sep)] or frames
    where = f" at {os.path.relpath(ours[-1].filename, os.path.dirname(package))}:{ours[-1].lineno}" if ours else ""
    message = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}{': ' + message if message else ''}{where}"


class Unwritable(Exception):
    """A rewrite that cannot be written into the file without touching what the message does not own
    (markup, an escape or encoding shared with other text, a charset that cannot hold the new text): the
    fix is refused with this reason, and the finding still reported."""
