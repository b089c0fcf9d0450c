"""Adopting lexlint on a legacy library: record a baseline, then only new findings count."""

from __future__ import annotations

import json

from conftest import lexlint


def test_paysend_library_baseline_then_one_new_bad_macro(tmp_path, corpus):
    macros = json.loads((corpus / "paysend_macros.json").read_text(encoding="utf-8"))
    library = tmp_path / "macros"
    library.mkdir()
    (library / "paysend.json").write_text(json.dumps(macros, indent=2, ensure_ascii=False), encoding="utf-8")
    baseline = tmp_path / "lexlint-baseline.json"
    legacy = lexlint("check", str(library), "--format", "json", "--fail-on", "info")
    assert legacy.code == 1 and len(json.loads(legacy.out)["findings"]) > 10  # a real backlog
    assert lexlint("check", str(library), "--write-baseline", str(baseline)).code == 0
    assert lexlint("check", str(library), "--baseline", str(baseline), "--fail-on", "info").code == 0

    # unrelated edits: a new clean macro first, so every old macro moves down a line
    moved = {
        "Welcome": "Thanks for writing in! We are glad to help.",
        **macros,
        "Balance reminder": "Hello,\n\nYou owe $40.12 on this account.\n\nBest regards",
    }
    (library / "paysend.json").write_text(json.dumps(moved, indent=2, ensure_ascii=False), encoding="utf-8")
    ran = lexlint("check", str(library), "--baseline", str(baseline), "--format", "json", "--fail-on", "info")
    new = json.loads(ran.out)["findings"]
    assert ran.code == 1
    assert [(f["rule"], f["matched"]) for f in new] == [("you-owe", "You owe $40.12")]


def test_duplicates_need_as_many_baseline_entries(tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("Please hold.\n", encoding="utf-8")
    baseline = tmp_path / "base.json"
    lexlint("check", str(draft), "--write-baseline", str(baseline))
    assert json.loads(baseline.read_text())["findings"][0]["count"] == 1
    draft.write_text("Please hold.\nPlease hold.\n", encoding="utf-8")
    ran = lexlint("check", str(draft), "--baseline", str(baseline), "--format", "json")
    assert [f["line"] for f in json.loads(ran.out)["findings"]] == [2]
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    ran = lexlint("check", str(draft), "--baseline", str(bad))
    assert ran.code == 2 and "not a lexlint baseline" in ran.err
