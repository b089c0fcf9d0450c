"""Workers, the cache and the lazy start change how fast lexlint runs, never what it reports."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from lexlint.cli import main
from tests.conftest import ROOT


def _write_replies(corpus: Path, folder: Path, count: int) -> Path:
    folder.mkdir()
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:count]
    for i, line in enumerate(lines):
        (folder / f"reply-{i:04d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
    return folder


@pytest.fixture
def replies(corpus: Path, tmp_path: Path) -> Path:
    return _write_replies(corpus, tmp_path / "replies", 200)


class _Out(NamedTuple):
    returncode: int
    stdout: bytes
    stderr: bytes


def _run(*args: str, cwd: Path) -> _Out:
    """The CLI in this process (the pipeline stays loaded between runs), from folder `cwd`."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        out = CliRunner().invoke(main, list(args))
    return _Out(out.exit_code, out.stdout_bytes, out.stderr_bytes or b"")


def _check(folder: Path, *args: str, cwd: Path) -> _Out:
    return _run("check", str(folder), "--format", "json", "--fail-on", "never", *args, cwd=cwd)


def _in_child(args: list[str], cwd: Path, seen: str, before: str = "") -> tuple[str, str]:
    """`lexlint ARGS` in a fresh interpreter from `cwd`, which must succeed: its stdout, and what the
    expression `seen` gives once the command is done (`before` runs first, e.g. to add an audit hook)."""
    probe = (f"import sys\n{before}from lexlint.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
             f"print({seen}, file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=cwd, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout, out.stderr.strip().splitlines()[-1]


def test_two_workers_report_exactly_what_one_process_does(replies: Path, tmp_path: Path):
    one = _check(replies, "--jobs", "1", "--no-cache", cwd=tmp_path)
    two = _check(replies, "--jobs", "2", "--no-cache", cwd=tmp_path)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert json.loads(one.stdout)["summary"]["findings"] > 3
    assert two.stdout == one.stdout
    assert not (tmp_path / ".lexlint_cache").exists()


def test_one_big_file_shared_by_two_workers_reports_what_one_process_does(corpus: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    from lexlint.run import workers

    monkeypatch.setattr(workers, "SPREAD_MIN_SEGMENTS", 16)
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:300]
    big = tmp_path / "replies.jsonl"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = _check(big, "--jobs", "1", "--no-cache", cwd=tmp_path)
    two = _check(big, "--jobs", "2", "--no-cache", cwd=tmp_path)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert json.loads(one.stdout)["summary"]["findings"] > 3
    assert two.stdout == one.stdout


def _stores(cwd: Path) -> list[Path]:
    return [p for p in (cwd / ".lexlint_cache").iterdir() if p.is_dir()]


def _store(cwd: Path) -> Path:
    """The one cache store (a folder of shards) a run with these settings writes."""
    stores = _stores(cwd)
    assert len(stores) == 1, stores
    return stores[0]


def _shards(store: Path) -> dict[Path, dict]:
    return {shard: json.loads(shard.read_text(encoding="utf-8")) for shard in sorted(store.glob("*.json"))}


def _entries(store: Path) -> dict[str, list[list]]:
    return {key: rows for doc in _shards(store).values() for key, rows in doc["entries"].items()}


def _stats(store: Path) -> dict[str, list]:
    return {path: record for doc in _shards(store).values() for path, record in doc["stats"].items()}


def _write_shards(shards: dict[Path, dict]) -> None:
    for shard, doc in shards.items():
        shard.write_text(json.dumps(doc), encoding="utf-8")


def _check_again(replies: Path, cwd: Path, fresh: _Out) -> None:
    """A cached run after the store was damaged reports what a run without the cache did."""
    again = _check(replies, cwd=cwd)
    assert again.returncode == 0, again.stderr
    assert again.stdout == fresh.stdout


def _written(store: Path) -> dict[str, tuple[int, int]]:
    return {shard.name: (shard.stat().st_ino, shard.stat().st_mtime_ns) for shard in store.glob("*.json")}


def _row(**values: object) -> list:
    """A stored finding: its values after the path, in field order."""
    from lexlint.findings import Finding

    return [values[name] for name in Finding._fields[1:]]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_cached_run_reports_what_a_fresh_run_does(replies: Path, tmp_path: Path, jobs: str,
                                                   monkeypatch: pytest.MonkeyPatch):
    from lexlint.run import cache

    # The replies were written a moment ago: whether the first cached run may already trust their stat
    # (and the second then need not record it) would otherwise depend on how fast this machine is today.
    monkeypatch.setattr(cache, "RACY_NS", 0)
    fresh = _check(replies, "--no-cache", cwd=tmp_path)
    first = _check(replies, "--jobs", jobs, cwd=tmp_path)
    store = _store(tmp_path)
    assert len(_entries(store)) == 200
    written = _written(store)
    second = _check(replies, "--jobs", jobs, cwd=tmp_path)
    assert json.loads(fresh.stdout)["summary"]["findings"] > 3
    assert fresh.stdout == first.stdout == second.stdout
    assert _written(store) == written  # nothing new: no shard is rewritten


def test_a_fully_cached_run_does_not_load_the_pipeline(replies: Path, tmp_path: Path):
    _check(replies, cwd=tmp_path)
    stdout, loaded = _in_child(["check", str(replies), "--format", "json", "--fail-on", "never"], tmp_path,
                               "[m for m in ('spacy', 'lexlint.engine', 'multiprocessing') if m in sys.modules]")
    assert loaded == "[]"
    assert json.loads(stdout)["summary"]["files"] == 200


def test_a_cached_run_on_named_files_imports_no_reader(replies: Path, tmp_path: Path):
    """As pre-commit calls it: files by name. Only walking a folder needs the readers' extensions."""
    named = [str(p) for p in sorted(replies.iterdir())[:5]]
    _run("check", *named, "--format", "json", "--fail-on", "never", cwd=tmp_path)
    stdout, loaded = _in_child(
        ["check", *named, "--format", "json", "--fail-on", "never"], tmp_path,
        "sorted(set(sys.modules) & set(__import__('lexlint.sources', fromlist=['READERS']).READERS.values()))")
    assert loaded == "[]"
    assert json.loads(stdout)["summary"]["files"] == 5


def test_the_cache_follows_the_file_and_the_phrasebook(replies: Path, tmp_path: Path):
    _check(replies, cwd=tmp_path)
    target = replies / "reply-0000.txt"
    target.write_text("You owe $40. You need to pay it today.", encoding="utf-8")
    after = json.loads(_check(replies, cwd=tmp_path).stdout)
    rules = {f["rule"] for f in after["findings"] if f["path"] == str(target)}
    assert {"you-owe", "you-need-to"} <= rules
    assert len(_entries(_store(tmp_path))) == 201  # the file's earlier version stays until it is the least used
    no_default = json.loads(_check(replies, "--no-default", cwd=tmp_path).stdout)
    assert no_default["summary"]["findings"] < after["summary"]["findings"]
    assert len(_stores(tmp_path)) == 2  # one store per phrasebook and options


def test_the_cache_follows_the_bundled_words_as_well_as_the_code():
    """The words of ordering findings and a macro's channel marks are data files, not phrasebooks: an edit
    to them must not be answered from findings cached before it."""
    from lexlint.run.cache import _code_stamp

    stamp = _code_stamp()
    assert "_sequences.yaml:" in stamp and "_channels.yaml:" in stamp and "cache.py:" in stamp


def test_a_run_on_some_files_keeps_the_others_cached(replies: Path, tmp_path: Path):
    """pre-commit names only the changed files; the rest of the folder stays cached for the next full run,
    and only the changed file's shard of the store is read and written."""
    from lexlint.run.cache import _shard_of

    _check(replies, cwd=tmp_path)
    store = _store(tmp_path)
    before = _written(store)
    changed = replies / "reply-0001.txt"
    changed.write_text("No problem, you need to restart it.", encoding="utf-8")
    _check(changed, cwd=tmp_path)
    assert len(_entries(store)) == 201
    shard = f"{_shard_of(str(changed)):02x}.json"
    assert {name for name, stamp in _written(store).items() if before.get(name) != stamp} == {shard}
    last = next(reversed(_shards(store)[store / shard]["entries"].values()))  # the newest entry comes last
    assert {row[4] for row in last} >= {"you-need-to"}  # a row's rule comes after line and columns


def test_a_run_on_a_few_files_reads_only_their_shards(replies: Path, tmp_path: Path):
    """A pre-commit run in a repository of many cached files does not read the whole store."""
    from lexlint.run.cache import SHARDS, _shard_of

    _check(replies, cwd=tmp_path)
    store = _store(tmp_path)
    named = sorted(replies.iterdir())[:2]
    assert len(list(store.glob("*.json"))) == SHARDS
    hook = ("opened = set()\n"
            "sys.addaudithook(lambda event, args: event == 'open' and str(args[0]).endswith('.json') and opened.add(str(args[0])))\n")
    _stdout, opened = _in_child(["check", *map(str, named), "--format", "json", "--fail-on", "never"], tmp_path,
                                "sorted(p.rpartition('/')[2] for p in opened if '.lexlint_cache' in p)", before=hook)
    assert opened == str(sorted({f"{_shard_of(str(p)):02x}.json" for p in named}))


DAMAGED_STORES = [b"", b"{not json", b"\x00\xff", b"[]", b"[" * 100_000, b'{"format": 2, "entries": {}}',
                  b'{"format": FORMAT, "salt": "other", "entries": {}}',
                  b'{"format": FORMAT, "salt": "SALT", "entries": []}',
                  b'{"format": FORMAT, "salt": "SALT", "entries": {}, "stats": []}']


@pytest.mark.parametrize("damage", DAMAGED_STORES)
def test_a_damaged_store_is_ignored_and_replaced(replies: Path, tmp_path: Path, damage: bytes):
    fresh = _check(replies, "--no-cache", cwd=tmp_path)
    _check(replies, cwd=tmp_path)
    store = _store(tmp_path)
    salt = next(iter(_shards(store).values()))["salt"]
    from lexlint.run.cache import FORMAT

    for shard in store.glob("*.json"):
        shard.write_bytes(damage.replace(b"SALT", salt.encode()).replace(b"FORMAT", str(FORMAT).encode()))
    _check_again(replies, tmp_path, fresh)
    assert len(_entries(store)) == 200


GOOD = {"path": "p", "line": 1, "column": 1, "end_line": 1, "end_column": 2, "rule": "you-owe",
        "severity": "warning", "message": "m", "matched": "x", "suggestion": None, "fix": "none", "start": 0,
        "end": 1, "replacement": None, "name": None}
DAMAGED_ENTRIES = [None, "[]", {"findings": []}, [[]], [_row(**GOOD) + [1]], [_row(**{**GOOD, "line": "3"})],
                   [_row(**{**GOOD, "line": True})], [_row(**{**GOOD, "rule": 3})],
                   [_row(**{**GOOD, "severity": "fatal"})], [_row(**{**GOOD, "fix": None})], [_row(**GOOD)[:-1]],
                   [_row(**GOOD), _row(**{**GOOD, "suggestion": 5})], [list(reversed(_row(**GOOD)))],
                   [{**GOOD}], [[GOOD["path"], *_row(**GOOD)]]]


def test_a_damaged_cache_entry_is_ignored_and_replaced(replies: Path, tmp_path: Path):
    fresh = _check(replies, "--no-cache", cwd=tmp_path)
    _check(replies, cwd=tmp_path)
    store = _store(tmp_path)
    shards = _shards(store)
    damaged = [(shard, key) for shard, doc in shards.items() for key in doc["entries"]][: len(DAMAGED_ENTRIES)]
    for (shard, key), damage in zip(damaged, DAMAGED_ENTRIES):
        shards[shard]["entries"][key] = damage
    _write_shards(shards)
    _check_again(replies, tmp_path, fresh)
    entries = _entries(store)
    assert len(entries) == 200
    assert all(isinstance(entries[key], list) and _row(**GOOD) not in entries[key] for _shard, key in damaged)


def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are a moment old: let their stat be recorded all the same."""
    from lexlint.run import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)


# A run in a child process that prints, last on stderr, the files under argv[1] it opened.
OPENS_PROBE = (
    "import os, sys\n"
    "folder, args = sys.argv[1], sys.argv[2:]\n"
    "opened = set()\n"
    "def hook(event, hook_args):\n"
    "    if event == 'open' and isinstance(hook_args[0], str) and hook_args[0].startswith(folder):\n"
    "        opened.add(hook_args[0])\n"
    "sys.addaudithook(hook)\n"
    "import lexlint.run.cache\n"
    "lexlint.run.cache.RACY_NS = 0\n"
    "from lexlint.cli import main\n"
    "try:\n    main(args)\nexcept SystemExit as exc:\n    assert exc.code in (0, 1), exc.code\n"
    "print(len(opened), file=sys.stderr)\n"
)


def _opens(folder: Path, *args: str, cwd: Path) -> tuple[bytes, int]:
    """A `check` of `folder`: its output, and how many of the files under `folder` it opened."""
    out = subprocess.run([sys.executable, "-c", OPENS_PROBE, str(folder), "check", str(folder), *args],
                         capture_output=True, cwd=cwd, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout, int(out.stderr.decode().strip().splitlines()[-1])


def test_an_unchanged_file_is_known_by_its_stat_and_read_only_when_the_report_shows_it(replies: Path,
                                                                                      tmp_path: Path):
    as_json = ("--format", "json", "--fail-on", "never")
    fresh_json = _check(replies, "--no-cache", cwd=tmp_path).stdout
    fresh_text = _run("check", str(replies), "--fail-on", "never", "--no-cache", cwd=tmp_path).stdout
    first, opened = _opens(replies, *as_json, cwd=tmp_path)
    assert first == fresh_json and opened == 200
    second, opened = _opens(replies, *as_json, cwd=tmp_path)
    assert second == fresh_json and opened == 0  # JSON shows no source lines: nothing is read
    text, opened = _opens(replies, "--fail-on", "never", cwd=tmp_path)
    with_findings = {f["path"] for f in json.loads(fresh_json)["findings"]}
    assert text == fresh_text and opened == len(with_findings) < 200  # text shows the lines of files with findings


def test_a_file_changed_behind_an_unchanged_size_and_mtime_is_read_again(replies: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch):
    _settled_at_once(monkeypatch)
    _check(replies, cwd=tmp_path)
    assert len(_stats(_store(tmp_path))) == 200
    target = replies / "reply-0002.txt"
    before = target.stat()
    target.write_bytes(b"You owe $4. " + b" " * (before.st_size - 12))  # same size, then the same mtime
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (target.stat().st_size, target.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    after = json.loads(_check(replies, cwd=tmp_path).stdout)
    assert after == json.loads(_check(replies, "--no-cache", cwd=tmp_path).stdout)
    assert "you-owe" in {f["rule"] for f in after["findings"] if f["path"] == str(target)}


def test_a_file_changed_just_before_a_run_is_not_known_by_its_stat(replies: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    from lexlint.run import cache

    monkeypatch.setattr(cache, "RACY_NS", 3600 * 10**9)  # "just before": within the hour, however slow the machine
    _check(replies, cwd=tmp_path)
    assert _stats(_store(tmp_path)) == {}
    fifo = tmp_path / "piped.txt"
    os.mkfifo(fifo)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    out = _check(fifo, cwd=tmp_path)  # a pipe is never read as a file to lint (tests/test_error_boundary.py)
    assert out.returncode == 0 and b"a FIFO (named pipe), not a regular file: skipped" in out.stderr
    assert str(fifo) not in _stats(_store(tmp_path))  # nor known by its stat


DAMAGED_STATS = [None, "x", [], [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, "k", 7], ["1", "2", "3", "4", "5", "KEY"],
                 {"key": "KEY"}, "SIG+KEY-ELSEWHERE", "SIG+UNKNOWN-KEY", "SIG+LIST-KEY"]


def test_a_damaged_stat_record_is_ignored(replies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _settled_at_once(monkeypatch)
    fresh = _check(replies, "--no-cache", cwd=tmp_path)
    _check(replies, cwd=tmp_path)
    store = _store(tmp_path)
    shards = _shards(store)
    owner = {path: doc for doc in shards.values() for path in doc["stats"]}
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
    _write_shards(shards)
    _check_again(replies, tmp_path, fresh)
    stats = _stats(store)
    assert len(stats) == 200 and all(isinstance(stats[p][5], str) for p in damaged)


def test_a_cache_that_cannot_be_written_is_skipped(replies: Path, tmp_path: Path):
    (tmp_path / ".lexlint_cache").write_text("not a folder", encoding="utf-8")
    fresh = _check(replies, "--no-cache", cwd=tmp_path)
    out = _check(replies, cwd=tmp_path)
    assert out.returncode == 0 and out.stderr == b""
    assert out.stdout == fresh.stdout


def test_concurrent_runs_keep_each_others_entries_and_the_store_stays_bounded(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch):
    from lexlint.run import cache
    from lexlint.findings import Finding

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
    assert list(_entries(Path(fresh.path))) == ["a", "c"]


def test_clean_removes_the_cache(replies: Path, tmp_path: Path):
    _check(replies, cwd=tmp_path)
    assert (tmp_path / ".lexlint_cache").is_dir()
    out = _run("clean", cwd=tmp_path)
    assert out.returncode == 0 and b"removed" in out.stdout
    assert not (tmp_path / ".lexlint_cache").exists()
    assert b"no .lexlint_cache" in _run("clean", cwd=tmp_path).stdout


def test_quiet_and_piped_runs_print_no_progress(replies: Path, tmp_path: Path):
    out = _check(replies, "--quiet", "--no-cache", cwd=tmp_path)
    assert out.returncode == 0 and out.stderr == b""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["rules"], ["explain", "you-owe"], ["check", "--help"]])
def test_light_commands_do_not_import_spacy(args: list[str]):
    _stdout, loaded = _in_child(args, ROOT, "sorted(m for m in ('spacy', 'thinc', 'numpy') if m in sys.modules)")
    assert loaded == "[]"


def test_the_pipeline_leaves_out_spacys_command_line_interface_until_asked():
    probe = (
        "import sys\n"
        "from lexlint.nlp import pipeline\n"
        "assert [t.text for t in pipeline('default')('Sorry about that.')] == ['Sorry', 'about', 'that', '.']\n"
        "import spacy\n"
        "print(sorted(m for m in ('spacy.cli', 'typer', 'weasel') if m in sys.modules))\n"
        "import spacy.cli\n"
        "assert callable(spacy.cli.download) and 'typer' in sys.modules\n"
        "assert isinstance(spacy.info(silent=True), dict)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_recurring_structure_finding_is_worded_once_and_sent_back_once(tmp_path: Path):
    """Workers send each chunk's outcomes back pickled: a message and suggestion that recur (no greeting in
    most replies) are one string each, so they travel once per chunk, not once per finding."""
    import pickle

    from lexlint.engine import Linter
    from lexlint.rulebook.phrasebook import load_phrasebooks
    from lexlint.sources import ReadOptions
    from lexlint.run.workers import Item, lint_chunk

    items = []
    for i in range(50):
        (tmp_path / f"{i}.txt").write_text(f"Your order {i} has shipped.\n\nThanks,\nJo\n", encoding="utf-8")
        items.append(Item(str(tmp_path / f"{i}.txt")))
    outcomes = lint_chunk(Linter(load_phrasebooks([])), items, ReadOptions())
    greetings = [f for o in outcomes for f in o.findings if f.rule == "greeting-first"]
    assert len(greetings) == 50
    assert len({id(f.message) for f in greetings}) == len({id(f.suggestion) for f in greetings}) == 1
    assert greetings[0].message.startswith("The message does not open with a greeting.")
    back = pickle.loads(pickle.dumps(outcomes, pickle.HIGHEST_PROTOCOL))
    assert back == outcomes
    assert len({id(f.message) for o in back for f in o.findings if f.rule == "greeting-first"}) == 1


def test_progress_bar_only_on_a_terminal():
    import io

    from lexlint.run.progress import progress_bar

    with progress_bar(stream=io.StringIO()) as progress:
        assert progress is None
    with progress_bar(enabled=False) as progress:
        assert progress is None


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
    newest = sorted(p.name for p in recent[-(cache.MAX_STORES - 1):])
    assert left == sorted([*newest, os.path.basename(run.path), "notes.txt", "f" * 31 + ".json", *cache.MARKERS])
