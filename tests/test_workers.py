"""Worker processes make a run faster, never different: files spread over workers, and one big file's
segments (or one long text's pieces) handed out to them, report byte for byte what one process does. (A
killed or interrupted run takes its workers with it: tests/test_error_boundary.py.)"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from conftest import Ran, lexlint


def check(target: Path, *args: str, cwd: Path) -> Ran:
    return lexlint("check", str(target), "--format", "json", "--fail-on", "never", "--no-cache", *args, cwd=cwd)


def assert_two_workers_report_what_one_process_does(target: Path, cwd: Path) -> None:
    one = check(target, "--jobs", "1", cwd=cwd)
    two = check(target, "--jobs", "2", cwd=cwd)
    assert one.code == two.code == 0, one.err + two.err
    assert json.loads(one.out)["summary"]["findings"] > 3
    assert two.out == one.out


def test_files_spread_over_two_workers_report_exactly_what_one_process_does(replies: Path, tmp_path: Path):
    assert_two_workers_report_what_one_process_does(replies, tmp_path)
    assert not (tmp_path / ".lexlint_cache").exists()


def test_one_big_file_shared_by_two_workers_reports_what_one_process_does(
    reply_rows: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from lexlint.run import workers

    monkeypatch.setattr(workers, "SPREAD_MIN_SEGMENTS", 16)  # so that 300 rows are worth handing out
    assert_two_workers_report_what_one_process_does(reply_rows, tmp_path)


def test_one_text_too_long_for_one_pipeline_run_has_its_pieces_shared_by_two_workers(tmp_path: Path):
    """A long text is linted in pieces (the pipeline takes at most MAX_PIECE_CHARS characters at once); the
    pieces are handed out to the workers, and the findings are byte for byte those of one process."""
    from lexlint.engine import split_pieces
    from lexlint.sources import ReadOptions, read_text

    paragraphs = [
        "Hi Sam,\n\nThanks for writing in. You owe $4 today.\n\nBest,\nJo\n\n",
        "Your order shipped. No problem at all, please hold while I check the tracking.\n\n",
        "I'm sorry the charger was missing. You need to restart the phone first.\n\n",
    ]
    text = "".join(paragraphs) * (450_000 // len("".join(paragraphs)))
    draft = tmp_path / "long.txt"
    draft.write_text(text, encoding="utf-8")
    assert len(split_pieces(read_text(str(draft), text, ReadOptions()))) >= 4
    assert_two_workers_report_what_one_process_does(draft, tmp_path)


def test_a_recurring_structure_finding_is_worded_once_and_sent_back_once(tmp_path: Path):
    """Workers send each chunk's outcomes back pickled: a message and suggestion that recur (no greeting in
    most replies) are one string each, so they travel once per chunk, not once per finding."""
    from lexlint.engine import Linter
    from lexlint.rulebook.phrasebook import load_phrasebooks
    from lexlint.run.workers import Item, lint_chunk
    from lexlint.sources import ReadOptions

    items = []
    for i in range(50):
        (tmp_path / f"{i}.txt").write_text(
            f"Your order {i} has shipped. It arrives Friday.\n\nThanks,\nJo\n", encoding="utf-8"
        )
        items.append(Item(str(tmp_path / f"{i}.txt")))
    outcomes = lint_chunk(Linter(load_phrasebooks([])), items, ReadOptions())
    greetings = [f for o in outcomes for f in o.findings if f.rule == "greeting-first"]
    assert len(greetings) == 50
    assert len({id(f.message) for f in greetings}) == len({id(f.suggestion) for f in greetings}) == 1
    assert greetings[0].message.startswith("The message does not open with a greeting.")
    back = pickle.loads(pickle.dumps(outcomes, pickle.HIGHEST_PROTOCOL))
    assert back == outcomes
    assert len({id(f.message) for o in back for f in o.findings if f.rule == "greeting-first"}) == 1


def test_two_workers_on_the_corpus_replies_report_what_one_process_does(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The same on 300 real replies, as files and as one shared export (when the corpus is beside this checkout)."""
    from lexlint.run import workers

    rows = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:300]
    folder = tmp_path / "corpus-replies"
    folder.mkdir()
    for i, line in enumerate(rows):
        (folder / f"reply-{i:04d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
    assert_two_workers_report_what_one_process_does(folder, tmp_path)
    export = tmp_path / "corpus-replies.jsonl"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(workers, "SPREAD_MIN_SEGMENTS", 16)
    assert_two_workers_report_what_one_process_does(export, tmp_path)
