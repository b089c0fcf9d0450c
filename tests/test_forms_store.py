"""The per-user store of word forms changes how fast a phrasebook compiles, never what it matches."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = "Hi Sam,\n\nYou owe us $20. You needed to call us sooner. No problem!\n\nThanks,\nJo\n"


def _check(tmp_path: Path, cache_home: Path) -> subprocess.CompletedProcess:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    return subprocess.run([sys.executable, "-m", "lexlint", "check", "--no-cache", "--format", "json", str(draft)],
                          capture_output=True, text=True, env=env, cwd=tmp_path)


def test_forms_are_stored_and_reused_with_the_same_findings(tmp_path: Path):
    home = tmp_path / "cache"
    first = _check(tmp_path, home)
    stores = list((home / "lexlint").glob("forms-*.json"))
    assert len(stores) == 1
    known = json.loads(stores[0].read_text(encoding="utf-8"))
    assert {"owed", "owes", "owing"} <= set(known["owe"])
    second = _check(tmp_path, home)
    assert first.returncode == second.returncode == 1
    assert json.loads(first.stdout)["findings"] == json.loads(second.stdout)["findings"]


def test_a_damaged_store_is_ignored_and_rewritten(tmp_path: Path):
    home = tmp_path / "cache"
    fresh = _check(tmp_path, home)
    store = next((home / "lexlint").glob("forms-*.json"))
    for damage in ('{"owe": ["owe", 3]', '{"owe": ["nothing"], "need": 5}', "[]", "[" * 100_000):
        store.write_text(damage, encoding="utf-8")
        again = _check(tmp_path, home)
        assert again.stderr == ""
        assert json.loads(again.stdout)["findings"] == json.loads(fresh.stdout)["findings"], damage
    assert "owed" in json.loads(store.read_text(encoding="utf-8"))["owe"]


def test_an_unwritable_store_is_skipped(tmp_path: Path):
    home = tmp_path / "cache"
    home.mkdir()
    (home / "lexlint").write_text("a file where the folder would go", encoding="utf-8")
    result = _check(tmp_path, home)
    assert result.returncode == 1 and result.stderr == ""
    assert json.loads(result.stdout)["findings"]
