"""SARIF 2.1.0: one run, the rules with their help text (`lexlint explain`'s, plain and markdown: what each
flags, why, bad and good examples, what to write instead) and, when the configuration names the rules docs
page (`docs-url:`), a `helpUri` to the rule's section there; results with regions (exclusive end column),
`fixes` where a rewrite can be applied verbatim, `partialFingerprints` that ignore line numbers, the files not
linted and the configuration's warnings as the invocation's notifications, and --statistics as run
properties."""

from __future__ import annotations

import re
from urllib.parse import quote

from lexlint import __version__
from lexlint.errors import LexlintError
from lexlint.findings import Finding
from lexlint.report import RuleDoc, Run, json_text, statistics_doc
from lexlint.rulebook.explain import anchor, published_url
from lexlint.rulebook.explain import render as explained
from lexlint.settings.fingerprint import fingerprint

NAME = "sarif"
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "lexlint/v1"
NEEDS_ESCAPE = set("\"'\\<>&\r\n\t")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"))


def _region(f: Finding) -> dict[str, int]:
    return {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}


def first_sentence(text: str) -> str:
    """The first sentence of `text` (its first line, at most 200 characters)."""
    line = text.strip().split("\n")[0]
    m = _SENTENCE_END.search(line)
    return (line[: m.end()].strip() if m else line)[:200]


def _rule(doc: RuleDoc, docs_url: str | None) -> dict[str, object]:
    """A rule's three texts: the short one what a finding says, the full one why the rule exists and what it
    looks for, and the help what `lexlint explain` says (in markdown too); and where its docs are."""
    short = first_sentence(doc.message or doc.why) or doc.id
    flags = "; ".join(f.pattern for f in doc.flags)
    full = " ".join(p for p in (doc.why, f"Flags: {flags}." if flags else "") if p) or doc.id
    rule: dict[str, object] = {
        "id": doc.id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": explained(doc, "text"), "markdown": explained(doc, "markdown")},
        "defaultConfiguration": {"level": LEVELS[doc.severity]},
    }
    if docs_url:
        rule["helpUri"] = f"{docs_url}#{anchor(doc.id)}"
    return rule


def _fixes(f: Finding, source: str) -> list[dict[str, object]]:
    """A fix only where the span is verbatim in the file and the rewrite needs no escaping in any format."""
    if f.replacement is None or source[f.start : f.end] != f.matched or NEEDS_ESCAPE & set(f.replacement):
        return []
    change = {
        "artifactLocation": {"uri": _uri(f.path)},
        "replacements": [{"deletedRegion": _region(f), "insertedContent": {"text": f.replacement}}],
    }
    return [{"description": {"text": f"{f.fix} rewrite: {f.replacement}"}, "artifactChanges": [change]}]


def _notification(err: LexlintError, level: str = "error") -> dict[str, object]:
    """A file not linted (or fixed), or a configuration `warning`, as the invocation's notification."""
    note: dict[str, object] = {"level": level, "message": {"text": err.message}}
    if err.path is not None:
        location: dict[str, object] = {"artifactLocation": {"uri": _uri(err.path)}}
        if err.line is not None:
            location["region"] = {"startLine": err.line, **({"startColumn": err.column} if err.column else {})}
        note["locations"] = [{"physicalLocation": location}]
    return note


def render(findings: list[Finding], run: Run) -> str:
    used = sorted({f.rule for f in findings} | set(run.rules))
    docs = [run.rules.get(r) or RuleDoc(r, "warning", r) for r in used]
    known = {r for r in used if r in run.rules}  # a rule without docs has no section to link to
    docs_url = run.docs_url or published_url()
    index = {d.id: i for i, d in enumerate(docs)}
    results = []
    for f in findings:
        source = run.sources.get(f.path, "")
        message = f.message + (f"\nTry: {f.suggestion}" if f.suggestion else "")
        result: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVELS[f.severity],
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}, "region": _region(f)}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f, source)},
        }
        fixes = _fixes(f, source)
        if fixes:
            result["fixes"] = fixes
        results.append(result)
    sarif_run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "lexlint",
                "version": __version__,
                "informationUri": "https://pypi.org/project/lexlint/",
                "rules": [_rule(d, docs_url if d.id in known else None) for d in docs],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if run.errors or run.warnings:  # files not linted: the run did not do all it was asked
        notes = [_notification(err) for err in run.errors] + [_notification(w, "warning") for w in run.warnings]
        sarif_run["invocations"] = [{"executionSuccessful": not run.errors, "toolExecutionNotifications": notes}]
    if run.statistics:
        sarif_run["properties"] = {"statistics": statistics_doc(findings)}
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [sarif_run]}
    return json_text(doc, rows=("rules", "results"))
