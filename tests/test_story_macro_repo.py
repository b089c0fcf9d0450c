"""A macro repository's maintainer adopting lexlint on a legacy library with a baseline and the fix hook:
the baseline (named in lexlint.yaml or by flag) is never linted, --fix leaves what it records, and every
message says what happened and nothing when nothing did. The real pre-commit run is in test_precommit.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import lexlint

LEGACY = {"Balance": "You owe $40.12 on this account.", "Hold": "Please hold while I check."}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "macros").mkdir()
    (tmp_path / "macros" / "legacy.json").write_text(json.dumps(LEGACY, indent=2), encoding="utf-8")
    return tmp_path


def test_write_baseline_prints_no_report_and_the_baseline_is_never_linted(library: Path):
    ran = lexlint("check", ".", "--write-baseline", ".lexlint-baseline.json", cwd=library)
    assert ran.code == 0 and ran.out == "" and "recorded 2 findings in .lexlint-baseline.json" in ran.err
    again = lexlint("check", ".", "--baseline", ".lexlint-baseline.json", "--format", "json", cwd=library)
    assert again.code == 0 and json.loads(again.out)["summary"]["files"] == 1  # the baseline is not a macro
    assert "lexlint: 2 findings recorded in the baseline .lexlint-baseline.json not reported" in again.err
    assert "no text fields" not in again.err


def test_baseline_in_config_is_read_by_check_and_fix(library: Path):
    lexlint("check", ".", "--write-baseline", ".lexlint-baseline.json", cwd=library)
    (library / "lexlint.yaml").write_text("baseline: .lexlint-baseline.json\n", encoding="utf-8")
    new = dict(LEGACY, Reminder="Hello,\n\nYou owe $9.99 for May.\n\nBest regards")
    (library / "macros" / "legacy.json").write_text(json.dumps(new, indent=2), encoding="utf-8")
    found = json.loads(lexlint("check", ".", "--format", "json", cwd=library).out)["findings"]
    assert [f["matched"] for f in found] == ["You owe $9.99"]
    fixed = lexlint("check", ".", "--fix", "--unsafe-fixes", cwd=library)
    after = json.loads((library / "macros" / "legacy.json").read_text(encoding="utf-8"))
    assert after["Balance"] == LEGACY["Balance"] and after["Hold"] == LEGACY["Hold"]  # recorded: left as they are
    assert after["Reminder"] == "Hello,\n\nOur records show a balance of $9.99 for May.\n\nBest regards"
    assert fixed.code == 0 and "applied 1 fix in 1 file" in fixed.err
    # a baseline the config names that is not there is an error before any file is written
    (library / ".lexlint-baseline.json").unlink()
    assert lexlint("check", ".", "--fix", cwd=library).code == 2


def test_fix_with_only_unsafe_fixes_says_how_many_more_unsafe_fixes_would_apply(library: Path):
    (library / "macros" / "legacy.json").write_text(json.dumps({"Hold": "Please hold."}), encoding="utf-8")
    ran = lexlint("check", ".", "--fix", cwd=library)
    assert "lexlint: applied 0 fixes in 0 files; 1 more with --unsafe-fixes" in ran.err
    assert json.loads((library / "macros" / "legacy.json").read_text(encoding="utf-8")) == {"Hold": "Please hold."}


def test_a_hook_run_on_clean_files_is_quiet(library: Path):
    clean = library / "macros" / "welcome.json"
    clean.write_text(json.dumps({"Welcome": "Thanks for writing in! We are glad to help."}), encoding="utf-8")
    ran = lexlint("check", "--fix", str(clean), cwd=library)
    assert ran.code == 0 and ran.err == ""


def test_a_json_file_with_no_text_fields_under_fix_is_a_note_not_a_traceback(library: Path):
    (library / "package.json").write_text(json.dumps({"name": "x", "version": 1}), encoding="utf-8")
    ran = lexlint("check", "--fix", "package.json", cwd=library)
    assert ran.code == 0 and "lexlint: note: package.json: no text fields found" in ran.err
    assert "Traceback" not in ran.err + ran.out
