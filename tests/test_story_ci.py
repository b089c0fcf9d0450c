"""A CI engineer gating templates: every failure reaches the machine-readable report its platform reads. A
file that could not be read is a JUnit error, a SARIF notification and a github `::error`; a configuration
warning is reported too; --statistics is part of each format (never the text table inside machine output);
SARIF rules carry distinct short, full and markdown help texts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, lexlint

SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "balance.liquid").write_text(
        "Hi {{ name }},\n\nYou owe {{ balance }}. Please hold.\n\nThanks,\nSam\n", "utf-8"
    )
    (folder / "broken.hbs").write_bytes(b"Hi {{name}},\n\xff\xfe not UTF-8\n")
    (tmp_path / "lexlint.yaml").write_text("unknown-ids: warn\nignore: [acme-only]\n", encoding="utf-8")
    return tmp_path


def check(root: Path, fmt: str, *args: str) -> str:
    ran = lexlint("check", "templates", "--format", fmt, "--statistics", "--no-cache", *args, cwd=root)
    assert ran.code == 2, ran.err  # a file could not be read
    return ran.out


def test_sarif_validates_and_carries_the_unread_file_the_warning_and_the_statistics(templates: Path):
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas is not beside this checkout")
    import jsonschema

    doc = json.loads(check(templates, "sarif"))
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run = doc["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = {(n["level"], n["message"]["text"].split(" (")[0]) for n in invocation["toolExecutionNotifications"]}
    assert ("error", "not valid UTF-8") in notes
    assert ("warning", "no rule or tag 'acme-only' in the active phrasebooks; `lexlint rules` lists them") in notes
    assert run["properties"]["statistics"] == {
        "please-hold": {"count": 1, "severity": "warning", "fix": "unsafe"},
        "you-owe": {"count": 1, "severity": "warning", "fix": "safe"},
    }
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    for rule in rules.values():
        texts = (rule["shortDescription"]["text"], rule["fullDescription"]["text"], rule["help"]["text"])
        assert len(set(texts)) == 3, rule["id"]
        assert "helpUri" not in rule  # no docs-url in the config, and lexlint declares no rules page
    owe = rules["you-owe"]
    assert owe["shortDescription"]["text"] == "“You owe” reads as an accusation."
    assert "Flags: you owe {amount}." in owe["fullDescription"]["text"]
    assert "**Bad:**\n- You owe $40 on this account." in owe["help"]["markdown"]
    assert "**Good:**" in owe["help"]["markdown"] and "**Instead:**" in owe["help"]["markdown"]
    own = rules["leftover-placeholder"]
    assert own["shortDescription"]["text"].startswith("Placeholder left in a reply")
    assert own["fullDescription"]["text"].startswith("A draft that still says")


def test_junit_has_an_error_case_for_the_unread_file_and_the_warning_and_statistics(templates: Path):
    suite = ET.fromstring(check(templates, "junit")).find("testsuite")
    assert suite is not None and suite.get("errors") == "1" and suite.get("failures") == "1"
    cases = {Path(c.get("name", "")).name: c for c in suite.iter("testcase")}
    assert cases["broken.hbs"].find("error") is not None and cases["broken.hbs"].find("failure") is None
    assert cases["balance.liquid"].find("failure") is not None
    assert {p.get("name"): p.get("value") for p in suite.iter("property")} == {
        "lexlint.statistics.please-hold": "1",
        "lexlint.statistics.you-owe": "1",
    }
    assert "no rule or tag 'acme-only'" in (suite.findtext("system-err") or "")


def test_github_annotates_the_unread_file_and_the_warning(templates: Path):
    out = check(templates, "github")
    lines = out.splitlines()
    assert any(
        line.startswith("::error file=templates/broken.hbs,line=2,title=lexlint::not valid UTF-8") for line in lines
    )
    assert any(
        line.startswith(f"::warning file={templates / 'lexlint.yaml'},line=2,col=10,title=lexlint::") for line in lines
    )
    assert any(line.startswith("::warning file=templates/balance.liquid,line=3,col=1") for line in lines)
    assert "1  please-hold  warning  [unsafe fix]" in lines  # the text part is the statistics table


def test_json_carries_statistics_warnings_and_file_errors_and_no_table(templates: Path):
    doc = json.loads(check(templates, "json"))  # parses: no text table in it
    assert doc["statistics"]["you-owe"] == {"count": 1, "severity": "warning", "fix": "safe"}
    assert [e["path"] for e in doc["file_errors"]] == ["templates/broken.hbs"]
    assert doc["warnings"][0]["line"] == 2 and "acme-only" in doc["warnings"][0]["message"]
    assert len(doc["findings"]) == 2  # the findings are still there
