"""Where the time of one `lexlint check` goes: a budget per stage, for each input, so that every optimisation
names the line it moves.

    .venv/bin/python benchmarks/stages.py [--corpus ../shared/corpus] [--tree PATH] [--quick]

Inputs are built at run time from ../shared/corpus (never copied into the repository), as benchmarks/run.py
builds them: the TWCS replies as one file each, the same replies joined into one .txt, and the brand
replies as their two CSV files. For each input a fresh child process (`--tree` points it at another
checkout's lexlint: the budget before a change, beside the one after) times, cold as a run meets them:

  start-up    interpreter, imports (spaCy and lexlint), pipeline build, phrasebook load (YAML, checks of
              every entry), phrasebook compile (matchers of every check kind)
  reading     the files read and split into segments (messages) by their readers
  tokenizing  the pipeline's tokenizer over every segment's text
  sentences   the rest of the pipeline (sentence boundaries, line breaks)
  phrases, placeholders, sequences
              each check kind over every doc; `sequences` without the customer's messages, and
  customer    what reading the customer's messages adds to `sequences`
  findings    hits made findings (positions, scores) and the configuration applied: the engine's whole
              lint (in a process of its own) less the stages above it, each timed alone
  reporting   the JSON report written

and the same command's wall time as a process (`check --no-cache --jobs 1 --format json`), whose
difference from the stages' sum is the rest (exit, garbage collection, the CLI's own work); and the run with
`--jobs 2`, whose excess over the ideal (start-up, reading and reporting once, the lint split in two) is the
worker hand-off. Each figure is the best of three runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import load_inputs, write_csvs, write_files, write_joined  # noqa: E402  (the inputs run.py builds)

REPEATS = 3

# Run in a child process with the tree's lexlint first on the path: prints one JSON object of seconds.
CHILD = r"""
import dataclasses, json, sys, time
mode, paths = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
import spacy
from lexlint import engine, nlp as nlp_mod, report
from lexlint.rulebook.phrasebook import load_phrasebooks
from lexlint.sources import ReadOptions, discover, read_file, read_text
from lexlint.sources.segments import pieces
t1 = time.perf_counter()
book = load_phrasebooks()
t2 = time.perf_counter()
attrs = engine.attrs_read(book)
nlp = nlp_mod.pipeline(nlp_mod.tier_for(attrs), attrs)
t3 = time.perf_counter()
linter = engine.Linter(book)
t4 = time.perf_counter()
paths = sorted(discover(paths))
texts = {p: read_file(p) for p in paths}
segments = [s for p in paths for s in read_text(p, texts[p], ReadOptions())]
if mode == "alone":  # without the customer's messages
    segments = [dataclasses.replace(s, context="") for s in segments]
t5 = time.perf_counter()
out = {"imports": t1 - t0, "phrasebook load": t2 - t1, "pipeline build": t3 - t2, "phrasebook compile": t4 - t3,
       "reading": t5 - t4}
if mode == "lint":  # the engine's whole lint and the report, as `check` runs them
    found = linter.lint(segments)
    t6 = time.perf_counter()
    report.formats()["json"].render(found, report.Run(len(paths), texts, paths=tuple(paths)))
    out.update({"lint": t6 - t5, "reporting": time.perf_counter() - t6, "findings n": len(found)})
else:  # each stage alone, in the order the engine runs them
    parts = [piece for s in segments for piece in pieces(s)]
    docs = list(nlp.tokenizer.pipe(p.text for p in parts))
    if hasattr(nlp_mod, "TEXT"):  # each doc keeps its text, as the engine's docs do (nlp_mod.pipe)
        for part, doc in zip(parts, docs):
            doc.user_data[nlp_mod.TEXT] = part.text
    t6 = time.perf_counter()
    for _name, component in nlp.pipeline:
        docs = list(component.pipe(docs)) if hasattr(component, "pipe") else [component(d) for d in docs]
    t7 = time.perf_counter()
    out.update({"tokenizing": t6 - t5, "sentences": t7 - t6})
    for kind in linter.kinds:
        state = linter.states[kind.KIND]
        started = time.perf_counter()
        for part, doc in zip(parts, docs):
            list(kind.check(doc, part, state))
        out[kind.KIND] = time.perf_counter() - started
print(json.dumps(out))
"""
STAGES = (
    "interpreter",
    "imports",
    "pipeline build",
    "phrasebook load",
    "phrasebook compile",
    "reading",
    "tokenizing",
    "sentences",
    "phrases",
    "placeholders",
    "sequences",
    "customer",
    "findings",
    "reporting",
)


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: min(r[k] for r in runs) for k in runs[0]}


def wall(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def budget(tree: Path, args: list[str], cwd: Path) -> dict[str, float]:
    """Each mode of CHILD in fresh processes (every stage timed cold, as a run meets it), best of REPEATS."""
    env = {"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}
    modes: dict[str, dict[str, float]] = {}
    for mode in ("stages", "alone", "lint"):
        runs = []
        for _ in range(REPEATS):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, mode, *args], cwd=cwd, env=env, capture_output=True, text=True
            )
            if out.returncode:
                raise SystemExit(f"the timed child failed:\n{out.stderr}")
            runs.append(json.loads(out.stdout))
        modes[mode] = best(runs)
    stages = {**modes["stages"], "reporting": modes["lint"]["reporting"], "findings n": modes["lint"]["findings n"]}
    stages["customer"] = stages["sequences"] - modes["alone"]["sequences"]
    stages["sequences"] = modes["alone"]["sequences"]
    measured_alone = sum(stages[s] for s in ("tokenizing", "sentences", "phrases", "placeholders", "sequences"))
    stages["findings"] = modes["lint"]["lint"] - measured_alone - stages["customer"]
    stages["interpreter"] = min(wall([sys.executable, "-c", "pass"], cwd) for _ in range(REPEATS))
    check = [sys.executable, "-m", "lexlint", "check", "--no-cache", "--format", "json", "--fail-on", "never"]
    for jobs in ("1", "2"):
        stages[f"--jobs {jobs}"] = min(
            wall(["env", f"PYTHONPATH={tree}", *check, "--jobs", jobs, *args], cwd) for _ in range(REPEATS)
        )
    return stages


def show(name: str, stages: dict[str, float]) -> None:
    total = sum(stages[s] for s in STAGES)
    e2e = stages["--jobs 1"]
    serial = sum(stages[s] for s in STAGES[:6]) + stages["reporting"]
    ideal = serial + (total - serial) / 2
    print(f"\n{name}: {int(stages['findings n']):,} findings")
    for stage in STAGES:
        print(f"  {stage:<20} {stages[stage]:7.3f} s  {stages[stage] / e2e:6.1%}")
    print(f"  {'the rest':<20} {e2e - total:7.3f} s  {(e2e - total) / e2e:6.1%}   (of `check --jobs 1`, {e2e:.2f} s)")
    print(
        f"  --jobs 2: {stages['--jobs 2']:.2f} s; ideal {ideal:.2f} s (start-up, reading and reporting once, the "
        f"rest in two); worker hand-off {stages['--jobs 2'] - ideal:+.2f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose lexlint is timed")
    ap.add_argument("--quick", action="store_true", help="1,000 TWCS and 4,000 brand replies")
    opts = ap.parse_args()
    twcs, brand = load_inputs(opts.corpus, opts.quick)
    with tempfile.TemporaryDirectory(prefix="lexlint-stages-") as tmp_name:
        tmp = Path(tmp_name)
        inputs = {
            f"TWCS {len(twcs):,} files": [str(write_files(tmp / "twcs", twcs))],
            f"TWCS {len(twcs):,} as one .txt": [str(write_joined(tmp / "twcs.txt", twcs))],
            f"brand {sum(map(len, brand)):,} (2 CSV)": [
                str(p) for p in write_csvs(tmp / "csv", opts.corpus, [len(b) for b in brand])
            ],
        }
        print(f"lexlint from {opts.tree}; best of {REPEATS} runs; share of `check --jobs 1`")
        for name, args in inputs.items():
            show(name, budget(opts.tree.resolve(), args, tmp))


if __name__ == "__main__":
    main()
