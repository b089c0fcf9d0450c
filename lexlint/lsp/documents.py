"""The documents the client has open, as it edits them: each one's text and version, kept here with LSP's
own line breaks and units (`positions`) rather than pygls's copy, which splits lines where Python's
str.splitlines does; and the file each stands for, which decides how it is read and configured."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from lexlint.lsp.positions import Lines

# A client's language id -> the reader for a document whose name does not say its kind (an untitled buffer,
# a file without a known extension): the reader's --input-format name and the extension a file of it has
LANGUAGES: dict[str, tuple[str, str]] = {
    "plaintext": ("text", ".txt"),
    "text": ("text", ".txt"),
    "markdown": ("markdown", ".md"),
    "html": ("html", ".html"),
    "json": ("json", ".json"),
    "yaml": ("yaml", ".yaml"),
    "jsonl": ("jsonl", ".jsonl"),
    "csv": ("csv", ".csv"),
    "email": ("email", ".eml"),
    "eml": ("email", ".eml"),
    "liquid": ("template", ".liquid"),
    "handlebars": ("template", ".hbs"),
    "jinja": ("template", ".j2"),
}


@dataclass
class Document:
    uri: str
    text: str
    version: int
    language: str = ""

    def change(self, text: str, version: int, start: int | None = None, end: int | None = None) -> None:
        """Apply one content change: the whole text, or `text` in place of [start, end)."""
        if start is None or end is None:
            self.text = text
        else:
            self.text = self.text[:start] + text + self.text[end:]
        self.version = version

    def lines(self, encoding: str) -> Lines:
        return Lines(self.text, encoding)


def file_path(uri: str) -> str | None:
    """The file a `file:` URI names; None for any other scheme (an untitled buffer, a diff view)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and path[2:3] == ":":  # file:///C:/…
        path = path[1:]
    return os.path.abspath(path)


def file_uri(path: str) -> str:
    from pathlib import Path

    return Path(os.path.abspath(path)).as_uri()


def lint_path(doc: Document, root: str | None) -> tuple[str, str | None]:
    """The path a document is linted as (its file, or a name in the workspace for one with no file) and the
    input format it is read as when its name does not say (None: as `check` picks by the name)."""
    from lexlint.sources import lintable_extensions

    path = file_path(doc.uri)
    reader, ext = LANGUAGES.get(doc.language, (None, ""))
    if path is None:
        name = os.path.basename(urlparse(doc.uri).path) or "untitled"
        base = os.path.join(root or os.getcwd(), name)
        known = os.path.splitext(base)[1].lower() in lintable_extensions()
        return (base, None) if known else (base + ext, None) if ext else (base, None)
    if os.path.splitext(path)[1].lower() in lintable_extensions():
        return path, None
    return path, reader
