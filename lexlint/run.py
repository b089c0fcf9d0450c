"""A check run: paths in, findings and per-file errors out. The CLI and other front ends share it."""
from __future__ import annotations

from dataclasses import dataclass, field

from lexlint.engine import Linter
from lexlint.errors import LexlintError, NothingToLint
from lexlint.findings import Finding
from lexlint.phrasebook import Phrasebook
from lexlint.segments import Segment
from lexlint.sources import ReadOptions, decode, discover, read_path, read_text

STDIN = "-"


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    errors: list[LexlintError] = field(default_factory=list)
    notes: list[LexlintError] = field(default_factory=list)  # files a folder walk found with nothing to lint
    sources: dict[str, str] = field(default_factory=dict)
    files: int = 0


def read_all(paths: list[str], options: ReadOptions, stdin: bytes | None = None, stdin_name: str = "<stdin>",
             named: set[str] | None = None) -> tuple[list[Segment], Result]:
    """Segments of every file; a file that cannot be read becomes an error and the rest go on.
    `named` lists the paths the user named (when `paths` were already discovered from them)."""
    result = Result()
    segments: list[Segment] = []
    for path, was_named in discover(paths):
        if named is not None:
            was_named = path in named
        result.files += 1
        try:
            if path == STDIN:
                text = decode(stdin_name, stdin or b"")
                found = read_text(stdin_name, text, options)
                result.sources[stdin_name] = text
            else:
                found = read_path(path, options)
        except NothingToLint as exc:
            (result.errors if was_named else result.notes).append(exc)
            continue
        except LexlintError as exc:
            result.errors.append(exc)
            continue
        for seg in found:
            result.sources.setdefault(seg.path, seg.source)
        segments.extend(found)
    return segments, result


def check(paths: list[str], book: Phrasebook, options: ReadOptions = ReadOptions(), stdin: bytes | None = None,
          stdin_name: str = "<stdin>", linter: Linter | None = None, named: set[str] | None = None) -> Result:
    segments, result = read_all(paths, options, stdin, stdin_name, named)
    if segments:
        result.findings = (linter or Linter(book)).lint(segments)
    return result
