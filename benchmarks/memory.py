"""Peak memory and wall time of linting one large file: a 50 MB draft and a 100 MB CSV export.

Both are synthetic (seeded): sentences of everyday support words with, now and then, a phrase the bundled
phrasebook flags, written to a temporary folder. Each is linted by `python -m lexlint check` in a subprocess
(`--no-cache`, the JSON report written to a file; `--jobs` as given, else lexlint's default). Printed: wall
time, findings, the peak resident memory of the largest process (from wait4, as getrusage(RUSAGE_CHILDREN)
would give it) and of the whole process tree (lexlint and its workers, sampled from /proc every 0.2 s).

    python benchmarks/memory.py                     # 50 MB draft, 100 MB CSV
    python benchmarks/memory.py --draft-mb 5 --csv-mb 10   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "the",
    "account",
    "order",
    "refund",
    "card",
    "team",
    "update",
    "week",
    "help",
    "store",
    "item",
    "delivery",
    "invoice",
    "payment",
    "plan",
    "today",
    "support",
    "service",
    "note",
    "change",
    "time",
    "email",
    "address",
    "number",
    "ticket",
    "replacement",
    "request",
]
VERBS = ["checked", "sent", "updated", "reviewed", "found", "moved", "added", "shipped", "opened", "closed"]
FLAGGED = ["You owe $40 on this account.", "No problem!", "Please hold.", "Per my last email, the box shipped."]


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(FLAGGED)
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 14))]
    words.insert(rng.randint(1, len(words) - 1), rng.choice(VERBS))
    return "I " + " ".join(words) + "."


def write_draft(path: Path, megabytes: float, rng: random.Random) -> None:
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        written = 0
        while written < target:
            paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 6))) + "\n\n"
            out.write(paragraph)
            written += len(paragraph)


def write_csv(path: Path, megabytes: float, rng: random.Random) -> None:
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id,customer_text,text\n")
        written, row = 0, 0
        while written < target:
            row += 1
            reply = " ".join(sentence(rng) for _ in range(rng.randint(1, 4))).replace('"', '""')
            line = f'{row},"My order {row} has not arrived.","Hi, {reply}"\n'
            out.write(line)
            written += len(line)


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and every process below it."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[pid] = int(statm[1]) * page
    total = 0
    for pid in rss:
        p = pid
        while p and p != root and p in parents:
            p = parents[p]
        if p == root:
            total += rss[pid]
    return total


def lint(path: Path, jobs: str | None, report: Path) -> dict[str, float]:
    cmd = [sys.executable, "-m", "lexlint", "check", "--no-cache", "--format", "json", "--fail-on", "never", str(path)]
    if jobs:
        cmd += ["--jobs", jobs]
    started = time.monotonic()
    with report.open("w") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.PIPE, cwd=path.parent, env={**os.environ, "PYTHONPATH": str(ROOT)}
        )
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.is_set():
            peak_tree = max(peak_tree, _tree_rss(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    errors = proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"lexlint exited {proc.returncode} on {path.name}: {errors}")
    findings = json.loads(report.read_text(encoding="utf-8"))["summary"]["findings"]
    return {"wall": wall, "findings": findings, "largest_mb": usage.ru_maxrss / 1024, "tree_mb": peak_tree / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draft-mb", type=float, default=50)
    parser.add_argument("--csv-mb", type=float, default=100)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--jobs", help="lexlint's --jobs (default: its own choice)")
    parser.add_argument("--only", choices=("draft", "csv"), help="lint only one of the two files")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="lexlint-memory-") as tmp:
        folder = Path(tmp)
        draft, export = folder / "draft.txt", folder / "export.csv"
        paths = {"draft": draft, "csv": export}
        if args.only != "csv":
            write_draft(draft, args.draft_mb, rng)
        if args.only != "draft":
            write_csv(export, args.csv_mb, rng)
        print(f"{'file':<12} {'MB':>6} {'jobs':>7} {'wall s':>7} {'findings':>9} {'largest MB':>11} {'tree MB':>8}")
        for kind, path in paths.items():
            if args.only and kind != args.only:
                continue
            size = path.stat().st_size / 1_000_000
            r = lint(path, args.jobs, folder / "report.json")
            print(
                f"{path.name:<12} {size:>6.1f} {args.jobs or 'default':>7} {r['wall']:>7.1f} {r['findings']:>9} "
                f"{r['largest_mb']:>11.0f} {r['tree_mb']:>8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
