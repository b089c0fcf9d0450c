"""A support lead audits a helpdesk export: `lexlint audit` reads it in partitions, lints and scores every
reply, and writes the report, its tables and a summary; on a Dask cluster or worker processes the tables are
the ones a single process writes, and a run stopped halfway goes on where it stopped."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from generated import AGENTS, helpdesk_rows, write_helpdesk_export

from conftest import FIXTURES, ROOT, lexlint

pytest.importorskip("pyarrow")
pytest.importorskip("altair")
pytest.importorskip("vl_convert")

ROWS = 240
PART = 80  # three partitions
TABLES = ("rules", "agents", "macros", "trend", "compliance", "rewrites", "examples")


def audit(export: Path, out: Path, *more: str) -> dict:
    ran = lexlint("audit", str(export), "--out", str(out), "--partition-rows", str(PART), *more)
    assert ran.code == 0, ran.err
    assert f"Report: {out / 'report.html'}" in ran.out
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def outputs(out: Path) -> dict[str, object]:
    """Everything an audit wrote that must not depend on where it ran: each table, the summary and every
    row of the Parquet datasets."""
    import pyarrow.parquet as pq

    found: dict[str, object] = {name: (out / "tables" / f"{name}.csv").read_text(encoding="utf-8") for name in TABLES}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    found["summary"] = summary
    for dataset in ("messages", "findings"):
        for part in sorted((out / dataset).glob("*.parquet")):
            found[f"{dataset}/{part.name}"] = pq.read_table(part).to_pylist()
    return found


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_helpdesk_export(tmp_path_factory.mktemp("export") / "replies.csv", ROWS)


@pytest.fixture(scope="module")
def one_process(export: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audit") / "one"
    audit(export, out, "--jobs", "1")
    return out


def test_a_lead_gets_the_report_the_tables_and_the_summary(one_process: Path):
    summary = json.loads((one_process / "summary.json").read_text(encoding="utf-8"))
    totals = summary["totals"]
    assert totals["records"] == totals["messages"] == ROWS
    assert summary["columns"] == {
        "text": "text",
        "agent": "agent",
        "macro": "macro",
        "time": "created_at",
        "channel": "channel",
        "ticket": "ticket_id",
        "context": "customer_text",
        "id": "id",
    }
    assert summary["partitions"] == 3
    assert totals["findings"] > 0 and 0 < totals["score"] < 100
    agents = read_csv(one_process / "tables" / "agents.csv")
    assert sorted(a["agent"] for a in agents) == sorted(AGENTS)
    assert sum(int(a["replies"]) for a in agents) == ROWS
    for a in agents:  # a rate per 100 replies, and the score bands add up to the agent's replies
        assert float(a["per_100_replies"]) == round(100 * int(a["findings"]) / int(a["replies"]), 1)
        assert sum(int(v) for k, v in a.items() if k.startswith("score_")) == int(a["replies"])
    macros = {m["macro"] for m in read_csv(one_process / "tables" / "macros.csv")}
    assert macros == {"refund-sent", "order-status", "(none)"}
    trend = read_csv(one_process / "tables" / "trend.csv")
    assert [t["day"] for t in trend] == [f"2024-03-{d:02d}" for d in range(1, 29)]
    rules = {r["rule"]: r for r in read_csv(one_process / "tables" / "rules.csv")}
    assert {"you-owe", "you-need-to", "no-problem"} <= set(rules)
    assert sum(int(r["findings"]) for r in rules.values()) == totals["findings"]
    rewrites = read_csv(one_process / "tables" / "rewrites.csv")
    assert rewrites and rewrites == sorted(rewrites, key=lambda r: -int(r["findings"]))
    examples = read_csv(one_process / "tables" / "examples.csv")
    assert {e["rule"] for e in examples} == set(rules)
    assert all(e["text"][int(e["start"]) : int(e["end"])] == e["matched"] for e in examples)
    html = (one_process / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org/", "")
    assert "https://" not in html and "<script src" not in html and "<link" not in html


def test_empathy_first_compliance_is_counted_among_replies_to_a_problem(one_process: Path):
    """A reply answers a problem when it, or the customer's message it answers, says something went wrong:
    only those count, and the replies that break empathy-before-fix are the ones that do not keep it."""
    import pyarrow.parquet as pq

    compliance = {c["rule"]: c for c in read_csv(one_process / "tables" / "compliance.csv")}
    empathy = compliance["empathy-before-fix"]
    assert empathy["when"] == "problem"
    messages = pq.read_table(one_process / "messages").to_pylist()
    findings = pq.read_table(one_process / "findings").to_pylist()
    applies = [m for m in messages if "empathy-before-fix" in m["applies"]]
    broke = {f["message"] for f in findings if f["rule"] == "empathy-before-fix"}
    assert 0 < len(applies) < ROWS and int(empathy["applies"]) == len(applies)
    assert int(empathy["complies"]) == len(applies) - len(broke) == sum(1 for m in applies if m["message"] not in broke)
    problems = [m for m in messages if helpdesk_rows(ROWS)[m["message"] - 1]["customer_text"].startswith("My order")]
    assert problems and all("empathy-before-fix" in m["applies"] for m in problems)


def test_scores_are_the_messages_own_and_groups_score_their_mean(one_process: Path):
    import pyarrow.parquet as pq

    from lexlint import score

    messages = pq.read_table(one_process / "messages").to_pylist()
    clean = [m for m in messages if m["findings"] == 0]
    assert clean and all(m["score"] == 100 for m in clean)
    assert all(m["score"] < 100 for m in messages if m["findings"])
    agents = {a["agent"]: a for a in read_csv(one_process / "tables" / "agents.csv")}
    for name, row in agents.items():
        mine = [m["score"] for m in messages if m["agent"] == name]
        assert float(row["score"]) == score.mean(mine)


def test_a_local_dask_cluster_writes_the_tables_one_process_does(export: Path, one_process: Path, tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        audit(export, tmp_path / "dask", "--scheduler", cluster.scheduler_address, "--quiet")
        # each worker built its pipeline once, on its first partition, and kept it for the next
        loaded = client.run(lambda: sorted(__import__("lexlint.audit.work", fromlist=["_"])._LINTERS))
    assert outputs(tmp_path / "dask") == outputs(one_process)
    assert all(len(keys) <= 1 for keys in loaded.values())


def test_worker_processes_write_the_tables_one_process_does(export: Path, one_process: Path, tmp_path: Path):
    audit(export, tmp_path / "pool", "--jobs", "2")
    assert outputs(tmp_path / "pool") == outputs(one_process)


def test_a_rerun_skips_the_partitions_already_done(export: Path, one_process: Path, tmp_path: Path):
    out = tmp_path / "again"
    audit(export, out, "--jobs", "1")
    first = outputs(out)
    (out / "parts" / "part-00001.json").unlink()  # as if the run had stopped while writing partition 1
    before = (out / "messages" / "part-00000.parquet").stat().st_mtime_ns
    ran = lexlint("audit", str(export), "--out", str(out), "--partition-rows", str(PART), "--jobs", "1")
    assert ran.code == 0, ran.err
    assert "2 of 3 partitions were done already: not linted again" in ran.err
    assert (out / "messages" / "part-00000.parquet").stat().st_mtime_ns == before
    assert outputs(out) == first
    # other settings are another audit: the folder starts over
    ran = lexlint("audit", str(export), "--out", str(out), "--partition-rows", str(PART), "--select", "you-owe")
    assert ran.code == 0 and "done already" not in ran.err
    assert {r["rule"] for r in read_csv(out / "tables" / "rules.csv")} == {"you-owe"}


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_json_lines_and_parquet_exports_read_as_the_csv_does(suffix: str, one_process: Path, tmp_path: Path):
    export = write_helpdesk_export(tmp_path / f"replies{suffix}", ROWS)
    audit(export, tmp_path / "out", "--jobs", "1")
    for name in TABLES:
        assert read_csv(tmp_path / "out" / "tables" / f"{name}.csv") == read_csv(one_process / "tables" / f"{name}.csv")


def test_columns_come_from_the_flags_else_the_config(tmp_path: Path):
    export = tmp_path / "tickets.csv"
    rows = [
        "reply_body,owner,sent",
        "You need to restart the app.,Ana,2024-01-02",
        '"Thanks, it ships today.",Ben,2024-01-03',
    ]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    missing = lexlint("audit", str(export), "--out", str(tmp_path / "a"))
    assert missing.code == 2 and "no text column found" in missing.err and "--text" in missing.err
    summary = audit(export, tmp_path / "b", "--text", "reply_body", "--agent", "owner", "--time", "sent")
    assert summary["columns"] == {"text": "reply_body", "agent": "owner", "time": "sent"}
    (tmp_path / "lexlint.yaml").write_text(
        "audit:\n  columns:\n    text: reply_body\n    agent: owner\n", encoding="utf-8"
    )
    summary = audit(export, tmp_path / "c")
    assert summary["columns"] == {"text": "reply_body", "agent": "owner"}
    assert [a["agent"] for a in summary["tables"]["agents"]] == ["Ana", "Ben"]


def test_a_zendesk_export_lints_agents_public_comments_with_the_customers_before_as_context(tmp_path: Path):
    import pyarrow.parquet as pq

    out = tmp_path / "zd"
    summary = audit(FIXTURES / "audit" / "zendesk_tickets.jsonl", out, "--jobs", "1")
    assert summary["format"] == "zendesk"
    messages = pq.read_table(out / "messages").to_pylist()
    # the internal note is left out; the customer's comments are context, not replies
    assert [(m["ticket"], m["id"], m["agent"], m["channel"]) for m in messages] == [
        ("101", "3", "Dana Agent", "email"),
        ("102", "5", "Eli Agent", "email"),
        ("103", "8", "7001", "chat"),
    ]
    findings = pq.read_table(out / "findings").to_pylist()
    by_reply = {m["id"]: {f["rule"] for f in findings if f["message"] == m["message"]} for m in messages}
    assert "empathy-before-fix" in by_reply["3"]  # the cracked jug is the customer's problem, answered with no empathy
    assert "as-i-said" in by_reply["5"]
    assert by_reply["8"] == set()
    assert "you-need-to" not in {f["rule"] for f in findings}  # the internal note's words were never linted


def test_without_the_extra_the_command_says_how_to_install_it(tmp_path: Path):
    export = write_helpdesk_export(tmp_path / "replies.csv", 5)
    hide = "import sys; sys.modules['pyarrow'] = None; from lexlint.cli import main; main()"
    ran = subprocess.run(
        [sys.executable, "-c", hide, "audit", str(export), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert ran.returncode == 2
    assert ran.stderr == "lexlint: error: lexlint audit needs its extra: pip install 'lexlint[audit]'\n"


def test_the_rules_a_reply_is_held_to_are_those_the_ordering_check_applied(corpus: Path):
    """`lint_applying` gives, with the findings `lint` gives, the conditional rules the ordering check applied
    to each reply: every finding of such a rule is in a reply it applied to; a settled reply, a reply to no
    problem and a customer's greeting leave the rules out."""
    from lexlint.engine import Linter
    from lexlint.rulebook.phrasebook import load_phrasebooks
    from lexlint.sources.rows import message_segment

    book = load_phrasebooks()
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:1500]
    rows = [json.loads(line) for line in lines]
    segments = [
        message_segment(f"r{i}", r["text"], name=str(i), channel="social", context=r.get("customer_text") or "")
        for i, r in enumerate(rows)
    ]
    segments = [s for s in segments if s is not None]
    linter = Linter(book)
    found, applied = linter.lint_applying(segments)
    assert found == Linter(book).lint(segments)
    conditional = {r.id for r in book.sequences if r.when}
    by_path = {s.path: n for n, s in enumerate(segments)}
    assert all(f.rule in applied[by_path[f.path]] for f in found if f.rule in conditional)
    assert 0 < sum(1 for a in applied if "empathy-before-fix" in a) < len(segments)

    def rules(text: str, context: str = "") -> frozenset[str]:
        return linter.lint_applying([message_segment("m", text, channel="email", context=context)])[1][0]

    reply = "Your refund went through this morning. It should show on your card within three days."
    assert "empathy-before-fix" in rules(reply, context="Where is my refund? I have been waiting a week.")
    assert "empathy-before-fix" not in rules(reply)
    assert "empathy-before-fix" not in rules("Glad to hear it's working now! " + reply, "My card was charged twice.")
    assert "closing-last" not in rules(reply, context="Hi there, where is my refund?")
    assert "closing-last" in rules("Hi Sam,\n\n" + reply)
