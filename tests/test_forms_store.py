"""The per-user store of word forms changes how fast a phrasebook compiles, never what it matches."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Ran, lexlint_process

DRAFT = "Hi Sam,\n\nYou owe us $20. You needed to call us sooner. No problem!\n\nThanks,\nJo\n"


def _check(tmp_path: Path, cache_home: Path) -> Ran:
    """A check of the draft in a fresh process that keeps its word forms under `cache_home`."""
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    return lexlint_process(
        "check", "--no-cache", "--format", "json", str(draft), cwd=tmp_path, env={"XDG_CACHE_HOME": str(cache_home)}
    )


def test_forms_are_stored_and_reused_with_the_same_findings(tmp_path: Path):
    home = tmp_path / "cache"
    first = _check(tmp_path, home)
    stores = list((home / "lexlint").glob("forms-*.json"))
    assert len(stores) == 1
    known = json.loads(stores[0].read_text(encoding="utf-8"))
    assert {"owed", "owes", "owing"} <= set(known["owe"])
    second = _check(tmp_path, home)
    assert first.code == second.code == 1
    assert json.loads(first.out)["findings"] == json.loads(second.out)["findings"]


def test_a_damaged_store_is_ignored_and_rewritten(tmp_path: Path):
    home = tmp_path / "cache"
    fresh = _check(tmp_path, home)
    store = next((home / "lexlint").glob("forms-*.json"))
    for damage in ('{"owe": ["owe", 3]', '{"owe": ["nothing"], "need": 5}', "[]", "[" * 100_000):
        store.write_text(damage, encoding="utf-8")
        again = _check(tmp_path, home)
        assert again.err == ""
        assert json.loads(again.out)["findings"] == json.loads(fresh.out)["findings"], damage
    assert "owed" in json.loads(store.read_text(encoding="utf-8"))["owe"]


def test_an_unwritable_store_is_skipped(tmp_path: Path):
    home = tmp_path / "cache"
    home.mkdir()
    (home / "lexlint").write_text("a file where the folder would go", encoding="utf-8")
    result = _check(tmp_path, home)
    assert result.code == 1 and result.err == ""
    assert json.loads(result.out)["findings"]
