"""SARIF, GitHub annotations, JUnit and --statistics, as CI platforms read them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from lexlint.findings import Finding
from lexlint.report import Run, github

from conftest import ROOT, lexlint

SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
OWE = "You owe $40.12 on this account. Please hold.\n"


@pytest.fixture
def sarif_schema() -> dict:
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas is not beside this checkout")
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def sarif(*args: str) -> dict:
    return json.loads(lexlint("check", "--format", "sarif", *args).out)


def test_sarif_validates_and_carries_rules_regions_fixes(tmp_path, sarif_schema):
    import jsonschema

    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Ann,\n\n" + OWE, encoding="utf-8")
    doc = sarif(str(draft), str(ROOT / "examples"))
    jsonschema.validate(doc, sarif_schema)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "Instead: our records show a balance of {amount}" in rules["you-owe"]["help"]["text"]
    assert rules["no-problem"]["defaultConfiguration"]["level"] == "note"
    owe = next(
        r
        for r in run["results"]
        if r["ruleId"] == "you-owe"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("draft.txt")
    )
    assert owe["level"] == "warning" and run["tool"]["driver"]["rules"][owe["ruleIndex"]]["id"] == "you-owe"
    region = owe["locations"][0]["physicalLocation"]["region"]
    assert region == {
        "startLine": 3,
        "startColumn": 1,
        "endLine": 3,
        "endColumn": 15,
    }  # exclusive end: "You owe $40.12"
    replacement = owe["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "Our records show a balance of $40.12"
    hold = next(r for r in run["results"] if r["ruleId"] == "please-hold")
    assert "fixes" in hold and all("fixes" not in r for r in run["results"] if r["ruleId"] == "our-policy")


def test_sarif_fingerprints_survive_line_moves(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(OWE, encoding="utf-8")
    phrases = {"you-owe", "please-hold"}
    before = {
        r["ruleId"]: r["partialFingerprints"] for r in sarif(str(draft))["runs"][0]["results"] if r["ruleId"] in phrases
    }
    draft.write_text("Hi Ann,\n\nThanks for writing.\n\n" + OWE, encoding="utf-8")
    after = {
        r["ruleId"]: r["partialFingerprints"] for r in sarif(str(draft))["runs"][0]["results"] if r["ruleId"] in phrases
    }
    assert before == after and len(before) == 2


@pytest.mark.parametrize(("fmt", "rows"), [("json", ("findings",)), ("sarif", ("runs", 0, "results"))])
def test_json_reports_hold_one_finding_per_line(tmp_path, fmt, rows):
    """Thousands of findings are written quickly, as one compact line each; a reader sees the same document."""
    draft = tmp_path / "zoë.txt"
    draft.write_text("Hi Zoë,\n\n" + OWE + "No problem! We'll sort it out. 🙂\n", encoding="utf-8")
    out = lexlint("check", "--format", fmt, "--fail-on", "never", str(draft)).out
    doc = json.loads(out)
    found = doc
    for step in rows:
        found = found[step]
    assert len(found) >= 3
    lines = {line.strip().rstrip(",") for line in out.splitlines()}
    assert all(json.dumps(row, ensure_ascii=False) in lines for row in found)
    assert "\\u" not in out and any(ord(c) > 127 for c in out)  # "ë", "“" written as they are, never escaped
    assert out.startswith('{\n  "') and out.endswith("\n}\n")


CONTRACT = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "severity",
    "message",
    "matched",
    "suggestion",
    "fix",
)  # the v1 fields of a finding, in order (the JSON contract)


@pytest.mark.parametrize(
    "text", ['say "hi" \\ then\n\tgo', "caf\u00e9 \u201cok\u201d \U0001f600", "\x00\x1f\x7f\u2028", ""]
)
@pytest.mark.parametrize("suggestion", [None, 'Our records show "x".'])
def test_a_json_row_is_what_json_dumps_writes(text: str, suggestion: str | None):
    f = Finding(
        path=f"macros/{text}.txt",
        line=2,
        column=3,
        end_line=4,
        end_column=9,
        rule="you-owe",
        severity="warning",
        message=text,
        matched=text,
        suggestion=suggestion,
        fix="safe",
        start=0,
        end=1,
        replacement="r",
        name="n",
    )
    row = f.json_row()
    assert row == json.dumps({k: getattr(f, k) for k in CONTRACT}, ensure_ascii=False)
    assert list(json.loads(row)) == list(CONTRACT)


def test_github_escaping():
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    f = Finding(
        path="macros/a,b:c.txt",
        line=2,
        column=3,
        end_line=2,
        end_column=9,
        rule="you-owe",
        severity="info",
        message="50% off: now,\nthen",
        matched="x",
        suggestion=None,
        fix="none",
        start=0,
        end=1,
    )
    assert github.command(f) == (
        "::notice file=macros/a%2Cb%3Ac.txt,line=2,col=3,endLine=2,endColumn=9,title=you-owe::50%25 off: now,%0Athen"
    )
    assert "Found 1 problem" in github.render([f], Run(files=1))


def test_github_format_then_text_report(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(OWE, encoding="utf-8")
    out = lexlint("check", "--format", "github", str(draft)).out
    first = out.splitlines()[0]
    assert first.startswith(
        f"::warning file={str(draft).replace(':', '%3A')},line=1,col=1,endLine=1,endColumn=15,title=you-owe::"
    )
    assert "%0Atry: Our records show a balance of $40.12 on this account." in first
    assert f"{draft}:1:1: warning[you-owe]" in out
    # the text report runs with workflow commands stopped, resumed by the token after it
    token = out.split("::stop-commands::", 1)[1].split("\n", 1)[0]
    assert len(token) == 64 and out.endswith(f"in 1 file; lowest message score 80/100.\n::{token}::\n")


def test_junit_one_case_per_file(tmp_path):
    (tmp_path / "bad.txt").write_text(OWE, encoding="utf-8")
    (tmp_path / "good.txt").write_text("Thanks for writing in!\n", encoding="utf-8")
    root = ET.fromstring(lexlint("check", "--format", "junit", str(tmp_path)).out)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {str(tmp_path / "bad.txt"), str(tmp_path / "good.txt")}
    assert cases[str(tmp_path / "good.txt")].find("failure") is None
    failure = cases[str(tmp_path / "bad.txt")].find("failure")
    assert failure.get("message") == "2 findings" and "you-owe" in failure.text
    assert root.get("tests") == "2" and root.get("failures") == "1"


def test_statistics_counts_per_rule(tmp_path):
    (tmp_path / "a.txt").write_text(OWE + OWE, encoding="utf-8")
    ran = lexlint("check", "--statistics", "--select", "you-owe,please-hold", str(tmp_path))
    assert ran.out.splitlines() == [
        "2  please-hold  warning  [unsafe fix]",  # only --unsafe-fixes applies it
        "2  you-owe      warning  [fix]",
        "4 findings",
    ]
    assert ran.code == 1
