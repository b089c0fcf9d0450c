"""`lexlint audit` at scale: the shared replies replicated to a large export, audited in one process and on a
local Dask cluster; replies per second, each worker's peak memory, and a run stopped partway then resumed.

    .venv/bin/python benchmarks/audit.py [--rows 1000000] [--single-rows 100000] [--workers 2]
                                          [--corpus ../shared/corpus] [--scratch /tmp/lexlint-audit-bench]

The export is JSON Lines, one reply a row: the TWCS replies (with the customer's tweet as context) and the two
brand CSVs' replies, each with its author as the agent and its time, in that order, repeated until there are
`--rows` rows (a copy's row keeps its text; its id says which copy it is). It is written to the scratch
folder, never to the repository (the corpus stays outside it).

1. One process (`--jobs 1`) on the first `--single-rows` rows: replies per second, peak memory.
2. A LocalCluster of `--workers` worker processes (one thread each, 127.0.0.1) on all `--rows` rows, stopped
   once STOP_SHARE of the partitions are written (as Ctrl-C would), then run again: the second run skips the
   partitions done and lints the rest. Replies per second for each leg; every worker's peak memory (its
   resident set's high-water mark, read on the worker), and its resident set sampled as the run goes, which
   stays flat however many partitions it has done.
3. The partitions the two runs share (the single run's are a prefix of the cluster's) are compared: the same
   messages and findings, row for row.
4. Per core against `lexlint check`: the `--single-rows` rows audited with `--jobs 1` and checked with
   `check --jobs 1 --no-cache --format json`, each a process of its own, taking turns twice (the faster of
   each kept, the machine being shared): replies per second, start-up and report included.
Also: the cost of a million replies in core-seconds, and how the cluster's time grows partition by partition
from the first 100,000 rows to the last.

Keep it out of CI: it takes minutes. The figures go in benchmarks/NOTES.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STOP_SHARE = 0.4
PARTITION_ROWS = 5000


class Stop(Exception):
    """Raised from the progress callback to stop a run partway, as an interrupt would."""


def replies(corpus: Path) -> list[dict[str, object]]:
    """Every shared reply as an export row: text, agent, time, and the customer's message where known."""
    rows: list[dict[str, object]] = []
    with (corpus / "twcs_agent_replies.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                rows.append(
                    {
                        "text": r.get("text") or "",
                        "agent": r.get("author_id"),
                        "created_at": r.get("created_at"),
                        "customer_text": r.get("customer_text") or "",
                    }
                )
    for name in ("brand_replies_applesupport.csv", "brand_replies_spotifycares.csv"):
        with (corpus / name).open(encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                rows.append(
                    {"text": r.get("text") or "", "agent": r.get("author_id"), "created_at": r.get("created_at")}
                )
    return rows


def write_export(path: Path, base: list[dict[str, object]], count: int) -> None:
    if path.exists() and sum(1 for _ in path.open(encoding="utf-8")) == count:
        return
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            row = base[i % len(base)]
            fh.write(json.dumps({"id": f"{i // len(base)}-{i % len(base)}", **row}) + "\n")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_peak_mb() -> float:
    import resource as r

    return r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024


def worker_rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / (1024 * 1024)


def checked(export: Path) -> dict[str, float]:
    """`lexlint check` on the export, one process: what the audit's rate per core is held to."""
    import subprocess

    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "lexlint", "check", str(export), "--jobs", "1", "--no-cache", "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seconds = time.perf_counter() - started
    messages = sum(1 for line in export.open(encoding="utf-8") if line.strip())
    return {"seconds": seconds, "messages": messages, "findings": len(json.loads(done.stdout)["findings"])}


def single(export: Path, out: Path) -> dict[str, float]:
    """One process, in a child of its own so that its peak memory is its own."""
    import subprocess

    started = time.perf_counter()
    code = (
        "import json, resource, sys, time;"
        "from lexlint.audit.run import Request, audit;"
        "from lexlint.settings import plan;"
        "cfg = plan.configure([sys.argv[1]]); book = plan.rulebook(cfg);"
        "t = time.perf_counter();"
        "o = audit(Request(sys.argv[1], sys.argv[2], jobs=1, resume=False), book, cfg);"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'messages': o.summary['totals']['messages'],"
        "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(export), str(out)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


def cluster(export: Path, out: Path, workers: int) -> dict[str, object]:
    """The LocalCluster run, stopped at STOP_SHARE of the partitions, then resumed."""
    from distributed import Client, LocalCluster

    from lexlint.audit import inputs
    from lexlint.audit.run import Request, audit
    from lexlint.settings import plan

    cfg = plan.configure([str(export)])
    book = plan.rulebook(cfg)
    figures: dict[str, object] = {}
    samples: list[dict[str, float]] = []
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as local,
        Client(local) as client,
    ):
        request = Request(str(export), str(out), jobs=workers, scheduler=local.scheduler_address, resume=False)
        export_info = inputs.open_export(str(export), "jsonl", request.columns)
        parts = inputs.partition_count(export_info, PARTITION_ROWS)
        stop_after = int(parts * STOP_SHARE)
        seen = {"parts": 0, "records": 0, "calls": 0}

        def progress(records: int, _total: int) -> None:
            seen["calls"] += 1
            if seen["calls"] == 1:  # each run's first call counts the partitions already done
                return
            seen["records"] += records
            if records:
                seen["parts"] += 1
                if seen["parts"] % 10 == 0:
                    rss = client.run(worker_rss_mb)
                    elapsed = round(time.perf_counter() - started + (0 if first_leg else first), 1)
                    samples.append(
                        {
                            "partitions": seen["parts"],
                            "seconds": elapsed,
                            **{w[-5:]: round(v, 1) for w, v in rss.items()},
                        }
                    )
            if first_leg and seen["parts"] >= stop_after:
                raise Stop

        first_leg = True
        started = time.perf_counter()
        with contextlib.suppress(Stop):  # the interrupted run
            audit(request, book, cfg, progress)
        first = time.perf_counter() - started
        done_records = seen["records"]
        first_leg = False
        seen["records"] = seen["calls"] = 0
        started = time.perf_counter()
        outcome = audit(
            Request(str(export), str(out), jobs=workers, scheduler=local.scheduler_address), book, cfg, progress
        )
        second = time.perf_counter() - started
        peaks = client.run(worker_peak_mb)
        figures.update(
            {
                "partitions": parts,
                "first_leg": {"partitions": stop_after, "records": done_records, "seconds": round(first, 1)},
                "resumed": {
                    "skipped": outcome.skipped,
                    "records": seen["records"],
                    "seconds": round(second, 1),
                },
                "messages": outcome.summary["totals"]["messages"],
                "findings": outcome.summary["totals"]["findings"],
                "score": outcome.summary["totals"]["score"],
                "worker_peak_mb": {w[-5:]: round(v, 1) for w, v in peaks.items()},
                "driver_peak_mb": round(peak_mb(), 1),
                "worker_rss_samples": samples,
            }
        )
    return figures


def same_partitions(single_out: Path, cluster_out: Path) -> tuple[int, bool]:
    import pyarrow.parquet as pq

    names = sorted(p.name for p in (single_out / "messages").glob("*.parquet"))
    same = all(
        pq.read_table(single_out / d / n).equals(pq.read_table(cluster_out / d / n))
        for d in ("messages", "findings")
        for n in names
    )
    return len(names), same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--single-rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/lexlint-audit-bench"))
    args = parser.parse_args()
    args.scratch.mkdir(parents=True, exist_ok=True)
    base = replies(args.corpus)
    big = args.scratch / f"replies-{args.rows}.jsonl"
    small = args.scratch / f"replies-{args.single_rows}.jsonl"
    write_export(big, base, args.rows)
    write_export(small, base, args.single_rows)
    print(f"export: {args.rows:,} rows ({big.stat().st_size / 1e6:.0f} MB) from {len(base):,} shared replies")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")

    turns = [(single(small, args.scratch / f"out-single{k or ''}"), checked(small)) for k in range(2)]
    one = min((a for a, _c in turns), key=lambda a: a["seconds"])  # the faster turn: the machine is shared
    audit_s, check_s = min(a["wall"] for a, _c in turns), min(c["seconds"] for _a, c in turns)
    print(
        f"\nper core, the same {one['messages']:,} replies, each run a process of its own, the faster of two turns: "
        f"audit --jobs 1 {audit_s:.1f} s ({one['messages'] / audit_s:,.0f} replies/s), check --jobs 1 "
        f"{check_s:.1f} s ({one['messages'] / check_s:,.0f} replies/s): the audit at {check_s / audit_s:.0%} of check"
        "   (target >= 80%)"
    )
    rate = one["messages"] / one["seconds"]
    print(
        f"\none process, {one['messages']:,} replies: {one['seconds']:.0f} s ({rate:,.0f} replies/s), "
        f"peak memory {one['peak_mb']:.0f} MB"
    )
    print(f"  at that rate {args.rows:,} replies would take {args.rows / rate / 60:.1f} min")
    print(f"  cost: {one['seconds'] / one['messages'] * 1e6:,.0f} core-seconds per million replies")

    many = cluster(big, args.scratch / "out-cluster", args.workers)
    first, resumed = many["first_leg"], many["resumed"]
    total_s = first["seconds"] + resumed["seconds"]
    print(f"\nlocal cluster, {args.workers} workers, {many['messages']:,} replies in {many['partitions']} partitions:")
    print(
        f"  first run stopped after {first['partitions']} partitions ({first['records']:,} records) in "
        f"{first['seconds']:.0f} s ({first['records'] / first['seconds']:,.0f} replies/s)"
    )
    print(
        f"  re-run skipped {resumed['skipped']} partitions done, linted {resumed['records']:,} records in "
        f"{resumed['seconds']:.0f} s ({resumed['records'] / resumed['seconds']:,.0f} replies/s)"
    )
    print(
        f"  all: {many['messages'] / total_s:,.0f} replies/s; {many['findings']:,} findings, mean score {many['score']}"
    )
    print(
        f"  {many['messages'] / total_s / rate:.2f}x one process   (target >= 1.7x); cost: "
        f"{total_s * args.workers / many['messages'] * 1e6:,.0f} core-seconds per million replies"
    )
    print(f"  peak memory per worker (MB): {many['worker_peak_mb']}; the driver's: {many['driver_peak_mb']} MB")
    print("  seconds since the start and worker resident memory (MB) as partitions were done:")
    for sample in many["worker_rss_samples"][:: max(1, len(many["worker_rss_samples"]) // 10)]:
        print(f"    {sample}")
    samples = many["worker_rss_samples"]
    at_100k = next((x for x in samples if x["partitions"] * PARTITION_ROWS >= 100_000), None)
    if at_100k and samples[-1] is not at_100k:
        last = samples[-1]
        workers = [k for k in last if k not in ("partitions", "seconds")]
        growth = max(last[w] / at_100k[w] for w in workers if w in at_100k)
        rate_early = at_100k["partitions"] / at_100k["seconds"]
        rate_late = (last["partitions"] - at_100k["partitions"]) / (last["seconds"] - at_100k["seconds"])
        print(
            f"  from {at_100k['partitions'] * PARTITION_ROWS:,} rows to {last['partitions'] * PARTITION_ROWS:,}: "
            f"worker memory x{growth:.2f} at most (target within 20%); partitions per second "
            f"{rate_early:.3f} up to there, {rate_late:.3f} after (linear: the same)"
        )
    count, same = same_partitions(args.scratch / "out-single", args.scratch / "out-cluster")
    print(f"\nthe {count} partitions both runs wrote: {'identical' if same else 'DIFFERENT'} messages and findings")


if __name__ == "__main__":
    main()
