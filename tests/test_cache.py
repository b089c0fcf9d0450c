"""The findings cache makes a run faster, never different: a hit reports what a fresh run does, a changed
file or phrasebook is linted again, and a damaged or unwritable store is ignored and replaced."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import Ran, lexlint, lexlint_child


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are a moment old: let their stat be recorded all the same."""
    from lexlint.run import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)


def check(target: Path, *args: str, cwd: Path) -> Ran:
    """`lexlint check TARGET` as JSON that never fails on findings, from folder `cwd` (where the cache is kept)."""
    return lexlint("check", str(target), "--format", "json", "--fail-on", "never", *args, cwd=cwd)


def findings(ran: Ran) -> list[dict]:
    return json.loads(ran.out)["findings"]


def stores(cwd: Path) -> list[Path]:
    return [p for p in (cwd / ".lexlint_cache").iterdir() if p.is_dir()]


def the_store(cwd: Path) -> Path:
    """The one cache store (a folder of shards) that runs with these settings write."""
    found = stores(cwd)
    assert len(found) == 1, found
    return found[0]


def shards(store: Path) -> dict[Path, dict]:
    return {shard: json.loads(shard.read_text(encoding="utf-8")) for shard in sorted(store.glob("*.json"))}


def entries(store: Path) -> dict[str, list[list]]:
    """Every file's cached findings, by the key of its content and settings."""
    return {key: rows for doc in shards(store).values() for key, rows in doc["entries"].items()}


def stats(store: Path) -> dict[str, list]:
    """Every file known by its stat, by path."""
    return {path: record for doc in shards(store).values() for path, record in doc["stats"].items()}


def write_shards(written: dict[Path, dict]) -> None:
    for shard, doc in written.items():
        shard.write_text(json.dumps(doc), encoding="utf-8")


def stamps(store: Path) -> dict[str, tuple[int, int]]:
    """Each shard's inode and mtime: a shard written again gets new ones."""
    return {shard.name: (shard.stat().st_ino, shard.stat().st_mtime_ns) for shard in store.glob("*.json")}


def row(**values: object) -> list:
    """A stored finding: its values after the path, in field order."""
    from lexlint.findings import Finding

    return [values[name] for name in Finding._fields[1:]]


def assert_reports_as_fresh(target: Path, cwd: Path, fresh: Ran) -> None:
    """A cached run after the store was damaged reports what a run without the cache did."""
    again = check(target, cwd=cwd)
    assert again.code == 0, again.err
    assert again.out == fresh.out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_cached_run_reports_what_a_fresh_run_does(replies: Path, tmp_path: Path, jobs: str, settled: None):
    # Settled: whether the first cached run may already trust the new files' stat (and the second then need
    # not record it) would otherwise depend on how busy the machine is.
    fresh = check(replies, "--no-cache", cwd=tmp_path)
    first = check(replies, "--jobs", jobs, cwd=tmp_path)
    store = the_store(tmp_path)
    assert len(entries(store)) == 40
    before = stamps(store)
    second = check(replies, "--jobs", jobs, cwd=tmp_path)
    assert len(findings(fresh)) > 3
    assert fresh.out == first.out == second.out
    assert stamps(store) == before  # nothing new: no shard is written again


def test_a_changed_file_is_linted_again(replies: Path, tmp_path: Path):
    check(replies, cwd=tmp_path)
    target = replies / "reply-0000.txt"
    target.write_text("You owe $40. You need to pay it today.", encoding="utf-8")
    after = findings(check(replies, cwd=tmp_path))
    assert {"you-owe", "you-need-to"} <= {f["rule"] for f in after if f["path"] == str(target)}
    assert len(entries(the_store(tmp_path))) == 41  # the file's earlier version stays until it is the least used


def test_other_phrasebook_options_are_cached_in_a_store_of_their_own(replies: Path, tmp_path: Path):
    with_default = findings(check(replies, cwd=tmp_path))
    without_default = findings(check(replies, "--no-default", cwd=tmp_path))
    assert len(without_default) < len(with_default)
    assert len(stores(tmp_path)) == 2


def test_the_cache_follows_the_bundled_words_as_well_as_the_code():
    """The words of ordering findings and a macro's channel marks are data files, not phrasebooks: an edit
    to them must not be answered from findings cached before it."""
    from lexlint.run.cache import _code_stamp

    stamp = _code_stamp()
    assert "_sequences.yaml:" in stamp and "_channels.yaml:" in stamp and "cache.py:" in stamp


def test_a_run_on_some_files_keeps_the_others_cached_and_writes_only_their_shard(replies: Path, tmp_path: Path):
    """pre-commit names only the changed files; the rest of the folder stays cached for the next full run."""
    check(replies, cwd=tmp_path)
    store = the_store(tmp_path)
    before = stamps(store)
    changed = replies / "reply-0001.txt"
    changed.write_text("No problem, you need to restart it.", encoding="utf-8")
    check(changed, cwd=tmp_path)
    assert len(entries(store)) == 41
    rewritten = [name for name, stamp in stamps(store).items() if before.get(name) != stamp]
    assert len(rewritten) == 1
    newest = list(shards(store)[store / rewritten[0]]["entries"].values())[-1]  # the newest entry comes last
    assert "you-need-to" in {stored[4] for stored in newest}  # a row's rule comes after line and columns


def test_a_run_on_a_few_files_reads_only_their_shards(replies: Path, tmp_path: Path, settled: None):
    """A pre-commit run in a repository of many cached files does not read the whole store."""
    check(replies, cwd=tmp_path)
    store = the_store(tmp_path)
    named = [str(p) for p in sorted(replies.iterdir())[:2]]
    theirs = {shard.name for shard, doc in shards(store).items() if set(named) & set(doc["stats"])}
    child = lexlint_child("check", *named, "--format", "json", "--fail-on", "never", cwd=tmp_path, settled=True)
    assert child.code == 0
    read = {Path(p).name for p in child.opened if Path(p).parent == store}
    assert read == theirs and len(theirs) < len(list(store.glob("*.json")))


DAMAGED_STORES = [
    b"",
    b"{not json",
    b"\x00\xff",
    b"[]",
    b"[" * 100_000,
    b'{"format": 2, "entries": {}}',
    b'{"format": FORMAT, "salt": "other", "entries": {}}',
    b'{"format": FORMAT, "salt": "SALT", "entries": []}',
    b'{"format": FORMAT, "salt": "SALT", "entries": {}, "stats": []}',
]


@pytest.mark.parametrize("damage", DAMAGED_STORES)
def test_a_damaged_store_is_ignored_and_replaced(replies: Path, tmp_path: Path, damage: bytes):
    from lexlint.run.cache import FORMAT

    fresh = check(replies, "--no-cache", cwd=tmp_path)
    check(replies, cwd=tmp_path)
    store = the_store(tmp_path)
    salt = next(iter(shards(store).values()))["salt"]
    for shard in store.glob("*.json"):
        shard.write_bytes(damage.replace(b"SALT", salt.encode()).replace(b"FORMAT", str(FORMAT).encode()))
    assert_reports_as_fresh(replies, tmp_path, fresh)
    assert len(entries(store)) == 40


GOOD = {
    "path": "p",
    "line": 1,
    "column": 1,
    "end_line": 1,
    "end_column": 2,
    "rule": "you-owe",
    "severity": "warning",
    "message": "m",
    "matched": "x",
    "suggestion": None,
    "fix": "none",
    "start": 0,
    "end": 1,
    "replacement": None,
    "name": None,
    "excerpt": None,
    "excerpt_start": 0,
    "excerpt_end": 0,
    "message_at": 0,
    "message_words": 9,
    "ordering": False,
}
DAMAGED_ENTRIES = [
    None,
    "[]",
    {"findings": []},
    [[]],
    [[*row(**GOOD), 1]],
    [row(**{**GOOD, "line": "3"})],
    [row(**{**GOOD, "line": True})],
    [row(**{**GOOD, "rule": 3})],
    [row(**{**GOOD, "severity": "fatal"})],
    [row(**{**GOOD, "fix": None})],
    [row(**GOOD)[:-1]],
    [row(**GOOD), row(**{**GOOD, "suggestion": 5})],
    [list(reversed(row(**GOOD)))],
    [{**GOOD}],
    [[GOOD["path"], *row(**GOOD)]],
]


def test_a_damaged_cache_entry_is_ignored_and_replaced(replies: Path, tmp_path: Path):
    fresh = check(replies, "--no-cache", cwd=tmp_path)
    check(replies, cwd=tmp_path)
    store = the_store(tmp_path)
    written = shards(store)
    damaged = [(shard, key) for shard, doc in written.items() for key in doc["entries"]][: len(DAMAGED_ENTRIES)]
    assert len(damaged) == len(DAMAGED_ENTRIES)
    for (shard, key), damage in zip(damaged, DAMAGED_ENTRIES):
        written[shard]["entries"][key] = damage
    write_shards(written)
    assert_reports_as_fresh(replies, tmp_path, fresh)
    now = entries(store)
    assert len(now) == 40
    assert all(isinstance(now[key], list) and row(**GOOD) not in now[key] for _shard, key in damaged)


def test_an_unchanged_file_is_known_by_its_stat_and_read_only_when_the_report_shows_it(replies: Path, tmp_path: Path):
    as_json = ("--format", "json", "--fail-on", "never")
    fresh_json = check(replies, "--no-cache", cwd=tmp_path).out
    fresh_text = lexlint("check", str(replies), "--fail-on", "never", "--no-cache", cwd=tmp_path).out

    def run(*args: str) -> tuple[str, int]:
        child = lexlint_child("check", str(replies), *args, cwd=tmp_path, settled=True)
        return child.out, len([p for p in child.opened if Path(p).parent == replies])

    assert run(*as_json) == (fresh_json, 40)
    assert run(*as_json) == (fresh_json, 0)  # JSON shows no source lines: nothing is read
    with_findings = {f["path"] for f in json.loads(fresh_json)["findings"]}
    assert 0 < len(with_findings) < 40
    assert run("--fail-on", "never") == (fresh_text, len(with_findings))  # text shows the lines of files with findings


def test_a_file_changed_behind_an_unchanged_size_and_mtime_is_read_again(replies: Path, tmp_path: Path, settled: None):
    check(replies, cwd=tmp_path)
    assert len(stats(the_store(tmp_path))) == 40
    target = replies / "reply-0002.txt"
    before = target.stat()
    target.write_bytes(b"You owe $4. " + b" " * (before.st_size - 12))  # same size, then the same mtime
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (target.stat().st_size, target.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    after = json.loads(check(replies, cwd=tmp_path).out)
    assert after == json.loads(check(replies, "--no-cache", cwd=tmp_path).out)
    assert "you-owe" in {f["rule"] for f in after["findings"] if f["path"] == str(target)}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_file_changed_just_before_a_run_is_not_known_by_its_stat(
    replies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from lexlint.run import cache

    monkeypatch.setattr(cache, "RACY_NS", 3600 * 10**9)  # "just before": within the hour, however busy the machine
    check(replies, cwd=tmp_path)
    assert stats(the_store(tmp_path)) == {}
    fifo = tmp_path / "piped.txt"
    os.mkfifo(fifo)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    ran = check(fifo, cwd=tmp_path)  # a pipe is never read as a file to lint (tests/test_error_boundary.py)
    assert ran.code == 0 and "a FIFO (named pipe), not a regular file: skipped" in ran.err
    assert str(fifo) not in stats(the_store(tmp_path))  # nor known by its stat


DAMAGED_STATS = [
    None,
    "x",
    [],
    [1, 2, 3, 4, 5, 6],
    [1, 2, 3, 4, 5, "k", 7],
    ["1", "2", "3", "4", "5", "KEY"],
    {"key": "KEY"},
    "SIG+KEY-ELSEWHERE",
    "SIG+UNKNOWN-KEY",
    "SIG+LIST-KEY",
]


def test_a_damaged_stat_record_is_ignored(replies: Path, tmp_path: Path, settled: None):
    fresh = check(replies, "--no-cache", cwd=tmp_path)
    check(replies, cwd=tmp_path)
    store = the_store(tmp_path)
    written = shards(store)
    owner = {path: doc for doc in written.values() for path in doc["stats"]}
    damaged = list(owner)[: len(DAMAGED_STATS)]
    other_key = owner[list(owner)[-1]]["stats"][list(owner)[-1]][5]
    for path, damage in zip(damaged, DAMAGED_STATS):
        doc = owner[path]
        sig, key = doc["stats"][path][:5], doc["stats"][path][5]
        del doc["entries"][key]  # so that a damaged record trusted would show as a missing file
        if damage == "SIG+KEY-ELSEWHERE":
            sig = [s + 1 for s in sig]
            damage = [*sig, other_key]
        elif damage == "SIG+UNKNOWN-KEY":
            damage = [*sig, "0" * 64]
        elif damage == "SIG+LIST-KEY":
            damage = [*sig, [key]]
        doc["stats"][path] = damage
    write_shards(written)
    assert_reports_as_fresh(replies, tmp_path, fresh)
    now = stats(store)
    assert len(now) == 40 and all(isinstance(now[p][5], str) for p in damaged)


def test_a_cache_that_cannot_be_written_is_skipped(replies: Path, tmp_path: Path):
    (tmp_path / ".lexlint_cache").write_text("not a folder", encoding="utf-8")
    fresh = check(replies, "--no-cache", cwd=tmp_path)
    ran = check(replies, cwd=tmp_path)
    assert ran.code == 0 and ran.err == ""
    assert ran.out == fresh.out


def test_concurrent_runs_keep_each_others_entries_and_the_store_stays_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from lexlint.findings import Finding
    from lexlint.run import cache

    finding = Finding(**GOOD)
    one, two = cache.Cache(str(tmp_path), "s" * 64), cache.Cache(str(tmp_path), "s" * 64)
    assert one.get("a", "p") is None and two.get("b", "p") is None  # both runs start from the same (empty) store
    one.put("a", "p", [finding])
    two.put("b", "p", [])
    one.save()
    two.save()
    fresh = cache.Cache(str(tmp_path), "s" * 64)
    assert fresh.get("b", "p") == [] and fresh.get("a", "p") == [finding]
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2 * cache.SHARDS)  # two per shard; all three are in the shard of "p"
    fresh.put("c", "p", [])  # "a" was used after "b", so "b" is the least recently used and goes
    fresh.save()
    assert list(entries(Path(fresh.path))) == ["a", "c"]


def test_clean_removes_the_cache(replies: Path, tmp_path: Path):
    check(replies, cwd=tmp_path)
    assert (tmp_path / ".lexlint_cache").is_dir()
    ran = lexlint("clean", cwd=tmp_path)
    assert ran.code == 0 and "removed" in ran.out
    assert not (tmp_path / ".lexlint_cache").exists()
    assert "no .lexlint_cache" in lexlint("clean", cwd=tmp_path).out


def test_stale_and_surplus_stores_are_removed_when_a_run_writes_its_own(tmp_path: Path):
    from lexlint.run import cache

    root = tmp_path / ".lexlint_cache"
    root.mkdir()
    day = 86400
    now = time.time()
    old = root / ("0" * 32)
    old.mkdir()
    (old / "00.json").write_text("{}", encoding="utf-8")
    os.utime(old, (now - 31 * day, now - 31 * day))
    legacy = root / ("e" * 32 + ".json")  # a store as lexlint wrote them before shards, the oldest of all
    legacy.write_text("{}", encoding="utf-8")
    os.utime(legacy, (now - 2 * day, now - 2 * day))
    recent = []
    for i in range(cache.MAX_STORES + 2):  # newer than those, one second apart
        store = root / (f"{i + 1:032d}")
        store.mkdir()
        os.utime(store, (now - day + i, now - day + i))
        recent.append(store)
    for unrelated in (root / "notes.txt", root / ("f" * 31 + ".json")):
        unrelated.write_text("kept", encoding="utf-8")
        os.utime(unrelated, (now - 31 * day, now - 31 * day))
    run = cache.Cache(str(root), "a" * 64)
    run.put("a", "p", [])
    run.save()
    left = sorted(p.name for p in root.iterdir())
    newest = sorted(p.name for p in recent[-(cache.MAX_STORES - 1) :])
    assert left == sorted([*newest, os.path.basename(run.path), "notes.txt", "f" * 31 + ".json", *cache.MARKERS])


def test_a_cached_run_on_the_corpus_replies_reports_what_a_fresh_run_does(corpus: Path, tmp_path: Path, settled: None):
    """The same as on the replies above, on 200 real ones (when the corpus is beside this checkout)."""
    folder = tmp_path / "corpus-replies"
    folder.mkdir()
    rows = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:200]
    for i, line in enumerate(rows):
        (folder / f"reply-{i:04d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
    fresh = check(folder, "--no-cache", cwd=tmp_path)
    first = check(folder, cwd=tmp_path)
    second = check(folder, cwd=tmp_path)
    assert len(findings(fresh)) > 3
    assert fresh.out == first.out == second.out
    assert len(entries(the_store(tmp_path))) == 200
