"""Findings as LSP diagnostics: the finding's file span as a range in the client's units, its severity, the
rule id as the code, the message with the suggestion (as SARIF writes it), and a link to the rule's docs
when the configuration names where they are."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from lexlint.lsp.positions import Lines
from lexlint.rulebook.explain import anchor, published_url

if TYPE_CHECKING:
    from lexlint.errors import LexlintError
    from lexlint.findings import Finding
    from lexlint.settings.config import Config

SOURCE = "lexlint"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def span(lines: Lines, start: int, end: int) -> types.Range:
    return types.Range(types.Position(*lines.position(start)), types.Position(*lines.position(end)))


def docs_url(config: Config | None, rule: str) -> str | None:
    """The rule's section in the rules docs, as SARIF's helpUri links it: under the configuration's
    `docs-url`, else the rules page lexlint's package declares; None (no codeDescription, as LSP allows)
    when neither says where the docs are."""
    base = (config.docs_url if config is not None else None) or published_url()
    return f"{base}#{anchor(rule)}" if base else None


def diagnostic(finding: Finding, lines: Lines, config: Config | None = None) -> types.Diagnostic:
    message = finding.message + (f"\nTry: {finding.suggestion}" if finding.suggestion else "")
    url = docs_url(config, finding.rule)
    return types.Diagnostic(
        range=span(lines, finding.start, finding.end),
        message=message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
    )


def at_error(error: LexlintError, text: str | None, encoding: str) -> types.Diagnostic:
    """A configuration, phrasebook or input error as a diagnostic at its line and column (1-based, columns in
    characters) of `text`, the file it names; at the file's start when it names no place."""
    lines = Lines(text or "", encoding)
    if error.line is not None and text is not None:
        line = min(max(error.line - 1, 0), len(lines.starts) - 1)
        start = lines.starts[line] + max((error.column or 1) - 1, 0)
        end = lines.offset(line, 1 << 30)  # to the end of its line
        start = min(start, end)
    else:
        start = end = 0
    return types.Diagnostic(
        range=span(lines, start, max(end, start)),
        message=error.message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )
