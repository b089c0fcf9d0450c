"""Readers: file in, segments out. One module per file kind, listed in `READERS`.

A reader is a module with `NAME` (the --input-format value), `EXTENSIONS` (lower-case, with the dot),
`read(path, text, options) -> list[Segment]`, `rewrites` (how a fix is written back into its files:
`writeback.PLAIN` for text whose words stand as written, `writeback.spliced(escape, …)` for a format that
escapes them) and, where one extension has several readers, `sniff(text) -> bool`. To add one: write the
module, add its line to `READERS`.
"""

from __future__ import annotations

import importlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol, cast

from lexlint.errors import InputError, NotARegularFile
from lexlint.sources.segments import Segment

if TYPE_CHECKING:
    from lexlint.sources.writeback import Edit

# A file over this is an error, not linted: past it a run would take many minutes and gigabytes (docs/speed.md,
# "Limits"; benchmarks/memory.py measures a 50 MB draft and a 100 MB export).
MAX_BYTES = 128 * 1024 * 1024
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: Windows only
# Where only regular files are read, a FIFO swapped in after the stat must not block the open (a FIFO with
# no writer would, forever): the fstat after it refuses the FIFO.
_NO_WAIT = getattr(os, "O_NONBLOCK", 0)
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True)
class ReadOptions:
    input_format: str | None = None
    fields: tuple[str, ...] = ()  # --field selectors for JSON/YAML/JSONL
    column: str | None = None  # --column for CSV
    context_field: str | None = None  # --context-column / --context-field
    context: str = ""  # --context FILE contents, the customer's message
    channels: tuple[tuple[str, tuple[str, ...]], ...] = ()  # config `channels:`: words marking a macro's channel


class Reader(Protocol):
    NAME: str
    EXTENSIONS: tuple[str, ...]

    def read(self, path: str, text: str, options: ReadOptions) -> list[Segment]: ...

    @property
    def sniff(self) -> Callable[[str], bool] | None:
        """Whether a text of one of its extensions is this reader's kind (None: any text is)."""

    def rewrites(self, source: str, edits: Sequence[Edit]) -> Iterator[str]: ...


READERS: dict[str, str] = {  # NAME -> module; among readers of one extension, the first that sniffs yes wins
    "csv": "lexlint.sources.csvfile",
    "email": "lexlint.sources.eml",
    "html": "lexlint.sources.htmlpage",
    "jsonl": "lexlint.sources.jsonl",
    "json": "lexlint.sources.macros_json",
    "yaml": "lexlint.sources.macros_yaml",
    "markdown": "lexlint.sources.markdown",
    "script": "lexlint.sources.script",
    "template": "lexlint.sources.templatefile",
    "text": "lexlint.sources.text",
}
ALIASES: dict[str, str] = {  # other `--input-format` values, each the NAME of the reader it stands for
    "liquid": "template",
    "hbs": "template",
    "handlebars": "template",
    "mustache": "template",
    "jinja": "template",
}


def input_formats() -> list[str]:
    """Every `--input-format` value: the readers' names and their aliases (read from the registries, so
    listing them imports no reader)."""
    return sorted({*READERS, *ALIASES})


@cache
def readers() -> dict[str, Reader]:
    """Every reader, by NAME (imported once per process)."""
    return {name: cast("Reader", importlib.import_module(module)) for name, module in READERS.items()}


def pick_reader(path: str, text: str, options: ReadOptions) -> Reader:
    all_readers = readers()
    if options.input_format:
        name = ALIASES.get(options.input_format, options.input_format)
        if name not in all_readers:
            raise InputError(
                f"unknown input format {options.input_format!r}; choose from {', '.join(input_formats())}", path
            )
        return all_readers[name]
    ext = os.path.splitext(path)[1].lower()
    candidates = [m for m in all_readers.values() if ext in m.EXTENSIONS]
    for mod in candidates:
        if mod.sniff is not None and mod.sniff(text):
            return mod
    fallback = [m for m in candidates if m.sniff is None]
    return (fallback or candidates or [all_readers["text"]])[0]


def decode(path: str, data: bytes) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is dropped), refusing binary files."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not linted", path)
    try:
        text = data.decode("utf-8")  # then the BOM dropped: the utf-8-sig codec is Python code, this is not
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start})", path, line) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_bytes(path: str, regular_only: bool = True) -> bytes:
    """The whole file, read through the bare file descriptor: a file object costs as much again as the
    read itself on small files. A file whose size changed since fstat (or a pipe) is read on to its end.
    Only a regular file is read (unless `regular_only` is False: a pipe given as --context): anything
    else is a NotARegularFile note, decided before it is opened where a stat can tell."""
    try:
        if regular_only:
            _check_kind(path, os.stat(path).st_mode)
        fd = os.open(path, _READ_FLAGS | _NO_WAIT if regular_only else _READ_FLAGS)
        try:
            info = os.fstat(fd)
            if regular_only:
                _check_kind(path, info.st_mode)  # it may have been replaced since the stat
            size = info.st_size
            if size > MAX_BYTES:
                raise InputError(
                    f"file too large ({size // (1024 * 1024)} MB > {MAX_BYTES // (1024 * 1024)} MB), not linted", path
                )
            data = os.read(fd, size + 1)
            if len(data) != size:
                rest = [data]
                while chunk := os.read(fd, 1 << 20):
                    rest.append(chunk)
                data = b"".join(rest)
            return data
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None


def _check_kind(path: str, mode: int) -> None:
    """Raise unless `mode` is a regular file's: a folder (one a walk could not list) is an error."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        try:
            os.scandir(path).close()
        except OSError as exc:
            raise InputError(f"cannot read folder: {exc.strerror or exc}", path) from None
        raise InputError("is a folder", path)
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise NotARegularFile(f"{kind}, not a regular file: skipped", path)


def read_text(path: str, text: str, options: ReadOptions = ReadOptions()) -> list[Segment]:
    """Segments of already-decoded text (a file's contents, or stdin)."""
    return pick_reader(path, text, options).read(path, text, options)


def read_file(path: str, regular_only: bool = True) -> str:
    """A file's decoded text."""
    return decode(path, read_bytes(path, regular_only))


@cache
def lintable_extensions() -> frozenset[str]:
    return frozenset(ext for mod in readers().values() for ext in mod.EXTENSIONS)


SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages", "build", "dist"})


def discover(paths: list[str]) -> Iterator[str]:
    """Files to lint: named files as they are, folders walked for known extensions (sorted; hidden,
    build and package folders skipped). A folder the walk cannot list is yielded itself, so that reading
    it reports why (never skipped silently). The readers are imported only to walk a folder: a run on
    named files that are all cached needs none of them."""
    for path in paths:
        if os.path.isdir(path):
            exts = lintable_extensions()
            unlisted: list[OSError] = []
            for root, dirs, files in os.walk(path, onerror=unlisted.append):
                yield from _unlisted(unlisted)
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS and not d.endswith(".egg-info")
                )
                for name in sorted(files):
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in exts:
                        yield os.path.join(root, name)
            yield from _unlisted(unlisted)
        else:
            yield path


def _unlisted(errors: list[OSError]) -> Iterator[str]:
    while errors:
        failed = errors.pop(0).filename
        if failed is not None:
            yield os.fsdecode(failed)


if TYPE_CHECKING:  # mypy checks each registered reader against the contract
    from lexlint.sources import csvfile, eml, htmlpage, jsonl, macros_json, macros_yaml, markdown, script, templatefile
    from lexlint.sources import text as plain_text

    _REGISTERED: tuple[Reader, ...] = (
        csvfile,
        eml,
        htmlpage,
        jsonl,
        macros_json,
        macros_yaml,
        markdown,
        script,
        templatefile,
        plain_text,
    )
