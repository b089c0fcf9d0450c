"""SARIF 2.1.0: one run, the rules with their help text, results with regions (exclusive end column),
`fixes` where a rewrite can be applied verbatim, and `partialFingerprints` that ignore line numbers."""

from __future__ import annotations

from urllib.parse import quote

from lexlint import __version__
from lexlint.errors import LexlintError
from lexlint.findings import Finding
from lexlint.report import RuleDoc, Run, json_text
from lexlint.settings.fingerprint import fingerprint

NAME = "sarif"
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "lexlint/v1"
NEEDS_ESCAPE = set("\"'\\<>&\r\n\t")


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"))


def _region(f: Finding) -> dict[str, int]:
    return {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}


def _rule(doc: RuleDoc) -> dict[str, object]:
    help_text = doc.why + (f"\n\nInstead: {' / '.join(doc.instead)}" if doc.instead else "")
    return {
        "id": doc.id,
        "shortDescription": {"text": doc.why.split("\n")[0][:200] or doc.id},
        "fullDescription": {"text": doc.why or doc.id},
        "help": {"text": help_text or doc.id},
        "defaultConfiguration": {"level": LEVELS[doc.severity]},
    }


def _fixes(f: Finding, source: str) -> list[dict[str, object]]:
    """A fix only where the span is verbatim in the file and the rewrite needs no escaping in any format."""
    if f.replacement is None or source[f.start : f.end] != f.matched or NEEDS_ESCAPE & set(f.replacement):
        return []
    change = {
        "artifactLocation": {"uri": _uri(f.path)},
        "replacements": [{"deletedRegion": _region(f), "insertedContent": {"text": f.replacement}}],
    }
    return [{"description": {"text": f"{f.fix} rewrite: {f.replacement}"}, "artifactChanges": [change]}]


def _notification(err: LexlintError) -> dict[str, object]:
    location: dict[str, object] = {"artifactLocation": {"uri": _uri(err.path or "")}}
    if err.line is not None:
        location["region"] = {"startLine": err.line, **({"startColumn": err.column} if err.column else {})}
    return {"level": "error", "message": {"text": err.message}, "locations": [{"physicalLocation": location}]}


def render(findings: list[Finding], run: Run) -> str:
    used = sorted({f.rule for f in findings} | set(run.rules))
    docs = [run.rules.get(r) or RuleDoc(r, "warning", r) for r in used]
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
                "rules": [_rule(d) for d in docs],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if run.errors:  # files not linted: the run did not do all it was asked
        sarif_run["invocations"] = [
            {"executionSuccessful": False, "toolExecutionNotifications": [_notification(err) for err in run.errors]}
        ]
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [sarif_run]}
    return json_text(doc, rows=("rules", "results"))
