"""Two checkouts of lexlint on the same inputs, taking turns: did a change move the speed?

    .venv/bin/python benchmarks/trees.py BASE_CHECKOUT [NEW_CHECKOUT (default: this one)] [--runs 3]

Each command runs in a child process with the checkout on PYTHONPATH (the same interpreter and installed
libraries for both), the two checkouts alternating, `--runs` times each; the fastest run of each is kept
and the ratio new/base printed per input (below 1: the new checkout is faster). Inputs come from the shared
corpus: the TWCS replies as one JSONL file, one brand CSV, the macro export, and a one-line draft (start-up).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _seconds(tree: Path, args: list[str], cwd: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "lexlint", *args], cwd=cwd, env=env, capture_output=True, timeout=600, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{tree}: lexlint {' '.join(args)} exited {done.returncode}: {done.stderr[-500:]!r}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base", type=Path)
    ap.add_argument("new", type=Path, nargs="?", default=ROOT)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--runs", type=int, default=3)
    opts = ap.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="lexlint-trees-"))
    draft = scratch / "draft.txt"
    draft.write_text("Hi Ann, no problem, you need to restart the app. Thanks!\n", encoding="utf-8")
    inputs = {
        "start-up (one draft)": [str(draft)],
        "TWCS replies (JSONL)": [str(opts.corpus / "twcs_agent_replies.jsonl")],
        "brand replies (CSV)": [str(opts.corpus / "brand_replies_applesupport.csv")],
        "macro export (JSON)": [str(opts.corpus / "paysend_macros.json")],
    }
    trees = {"base": opts.base.resolve(), "new": opts.new.resolve()}
    print(f"base: {trees['base']}\nnew:  {trees['new']}\n")
    print(f"{'input':<24} {'base s':>8} {'new s':>8} {'new/base':>9}")
    for name, paths in inputs.items():
        best = {label: float("inf") for label in trees}
        for _ in range(opts.runs):
            for label, tree in trees.items():
                args = ["check", "--no-cache", "--format", "json", "-q", "--jobs", "1", *paths]
                best[label] = min(best[label], _seconds(tree, args, scratch))
        print(f"{name:<24} {best['base']:>8.2f} {best['new']:>8.2f} {best['new'] / best['base']:>9.3f}")


if __name__ == "__main__":
    main()
