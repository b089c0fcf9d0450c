"""One benchmark run: lexlint against the bare spaCy pipeline it uses and against peer prose linters.

    .venv/bin/python benchmarks/run.py [--corpus ../shared/corpus] [--quick] [--no-peers]

Inputs come from the shared corpus (never copied into the repository): the 5,000 TWCS replies as 5,000
files and as one JSONL file, and the ~22k brand replies as their two CSV files and as 22k files.
Peers read the same replies: as the same 5,000 files, and as one text file per input where they
cannot read JSONL or CSV. proselint is installed into a scratch virtualenv, alex, write-good and textlint
(with textlint-rule-write-good) into a scratch npm folder; a peer that cannot be installed is skipped
with a note. Every tool runs as a subprocess; peak memory is the largest process of that run
(getrusage of children). A command under 15 s runs three times and keeps its fastest run, peers alike;
the commands a ratio compares take turns (each peer with lexlint on the same input, --jobs 1 with
--jobs 2, the generated phrasebook with the bundled one, the bundled phrasebook with an empty one), and
the ratio is taken from those runs. Every tool is also given the same bytes: each input joined into one .txt.
One text of 100 KB, 400 KB, 800 KB and 1.6 MB (the TWCS replies joined, cut or repeated) shows how time grows
with the length of a single text. Prints one table and the ratios the speed targets are stated in.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TIMEOUT = 300
LENGTHS = (100_000, 400_000, 800_000, 1_600_000)  # bytes of the one-text inputs
NPM_PACKAGES = ("alex", "write-good", "textlint", "textlint-rule-write-good")
# Times one command in a child process: wall seconds, exit code, peak RSS of its largest process.
MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "try:\n"
    "    rc = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,\n"
    "                        timeout=float(sys.argv[1])).returncode\n"
    "except subprocess.TimeoutExpired:\n"
    "    rc = 'timeout'\n"
    "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': rc,\n"
    "                  'rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
)
# The bare pipeline of lexlint's default tier (blank English and its sentence boundaries), computing every
# lexical attribute of a new word as spaCy does (lexlint's own computes only those its rules read), over the
# same texts, in a child process: prints the seconds nlp.pipe takes (the pipeline load not timed). Run whole
# under MEASURE, it is the same work as a process of its own.
BARE = (
    "import json, sys, time\n"
    "from lexlint.nlp import pipeline\n"
    "texts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "nlp = pipeline('default')\n"
    "list(nlp.pipe(texts[:50]))\n"
    "t = time.perf_counter()\n"
    "for _ in nlp.pipe(texts, batch_size=256):\n"
    "    pass\n"
    "print(time.perf_counter() - t)\n"
)
REPEATS = 3  # runs of each command, best kept: the machine is shared and noisy
REPEAT_UNDER = 15.0  # seconds; a slower command runs once


@dataclass(frozen=True)
class Input:
    name: str
    texts: tuple[str, ...]

    @property
    def words(self) -> int:
        return sum(len(t.split()) for t in self.texts)


@dataclass(frozen=True)
class Row:
    tool: str
    input: Input
    seconds: float | None
    rss_mb: float | None
    note: str = ""

    def cells(self) -> list[str]:
        if self.seconds is None:
            return [self.tool, self.input.name, "-", "-", "-", "-", self.note]
        return [
            self.tool,
            self.input.name,
            f"{self.seconds:.2f}",
            f"{self.input.words / self.seconds:,.0f}",
            f"{len(self.input.texts) / self.seconds:,.0f}",
            f"{self.rss_mb:.0f}" if self.rss_mb else "-",
            self.note,
        ]


Measured = tuple[float | None, float, str]  # seconds (None: timed out), peak MB, a problem to note


def measure(
    cmd: list[str], cwd: Path | None = None, timeout: float = TIMEOUT, env: dict[str, str] | None = None
) -> Measured:
    out = subprocess.run(
        [PY, "-c", MEASURE, str(timeout), *cmd],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )
    data = json.loads(out.stdout)
    if data["rc"] == "timeout":
        return None, data["rss_kb"] / 1024, f"timed out after {timeout:.0f} s"
    # exit codes other than a crash are findings counts or "found problems" (write-good exits with the count)
    crashed = data["rc"] < 0 or data["rc"] in (126, 127)
    return data["seconds"], data["rss_kb"] / 1024, f"exit {data['rc']}" if crashed else ""


def best_of(cmds: list[tuple[list[str], Path | None]]) -> list[Measured]:
    """The fastest of up to REPEATS runs of each command, the commands taking turns so that a noisy spell
    hits them alike; a command that takes REPEAT_UNDER seconds or more runs once."""
    best: list[Measured | None] = [None] * len(cmds)
    for _ in range(REPEATS):
        for i, (cmd, cwd) in enumerate(cmds):
            old = best[i]
            if old is not None and (old[0] is None or old[0] >= REPEAT_UNDER):
                continue
            new = measure(cmd, cwd)
            if old is None or (new[0] is not None and new[0] < old[0]):  # type: ignore[operator]
                best[i] = new
    return best  # type: ignore[return-value]


def interleaved_medians(
    cmds: dict[str, tuple[list[str], Path | None, Callable[[], dict[str, str]]]], runs: int
) -> dict[str, float]:
    """Median wall time of each command, the commands taking turns so that a noisy spell hits them alike;
    each entry: (command, cwd, a function giving the environment for one run)."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, (cmd, cwd, env) in cmds.items():
            times[name].append(measure(cmd, cwd, env=env())[0] or float("nan"))
    return {name: statistics.median(t) for name, t in times.items()}


# ---- inputs ------------------------------------------------------------------------------------------


def load_inputs(corpus: Path, quick: bool) -> tuple[list[str], list[list[str]]]:
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()
    twcs = [json.loads(line)["text"] for line in lines]
    brand = []
    for name in ("brand_replies_applesupport.csv", "brand_replies_spotifycares.csv"):
        with open(corpus / name, encoding="utf-8-sig", newline="") as fh:
            brand.append([row["text"] for row in csv.DictReader(fh)])
    if quick:
        twcs, brand = twcs[:1000], [b[:2000] for b in brand]
    return twcs, brand


def write_files(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True)
    for i, text in enumerate(texts):
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def write_jsonl(path: Path, corpus: Path, count: int) -> Path:
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:count]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csvs(folder: Path, corpus: Path, counts: list[int]) -> list[Path]:
    folder.mkdir(parents=True)
    out = []
    for name, count in zip(("brand_replies_applesupport.csv", "brand_replies_spotifycares.csv"), counts):
        with open(corpus / name, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))[: count + 1]
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        out.append(folder / name)
    return out


def write_texts(path: Path, inp: Input) -> Path:
    path.write_text(json.dumps(list(inp.texts)), encoding="utf-8")
    return path


def _cut(text: str, size: int) -> str:
    """`text` repeated or cut to about `size` UTF-8 bytes, at a reply's end."""
    out = text
    while len(out.encode("utf-8")) < size:
        out += "\n\n" + text
    cut = out.encode("utf-8")[:size].decode("utf-8", "ignore")
    return cut[: cut.rfind("\n\n")] + "\n" if "\n\n" in cut else cut


def write_joined(path: Path, texts: list[str]) -> Path:
    path.write_text("\n\n".join(t.replace("\n", " ") for t in texts) + "\n", encoding="utf-8")
    return path


def generated_phrasebook(path: Path, texts: list[str], entries: int, seed: int = 6) -> Path:
    """`entries` entries shaped like the bundled ones (literal words, optional words, alternatives,
    slots, gaps), built from mid-frequency words of the corpus so that some of them match."""
    import yaml

    counts = Counter(w for t in texts for w in re.findall(r"[a-z]{3,}", t.lower()))
    pool = [w for w, _ in counts.most_common(2000)[40:]]
    rng = random.Random(seed)
    shapes = ("{a} {b}", "{a} {b} ({c})", "[{a}|{b}] {c}", "{a} {{thing}} {b}", "{a} ... {b}", "^{a} {b} {c}")
    book = []
    for i in range(entries):
        a, b, c = rng.sample(pool, 3)
        book.append(
            {
                "id": f"gen-{i}",
                "avoid": [rng.choice(shapes).format(a=a, b=b, c=c)],
                "why": f"generated entry {i}",
                "severity": "info",
            }
        )
    path.write_text(yaml.safe_dump({"name": "generated", "entries": book}, sort_keys=False), encoding="utf-8")
    return path


# ---- peers -------------------------------------------------------------------------------------------


def install_proselint(scratch: Path) -> tuple[Path | None, str]:
    venv = scratch / "proselint-venv"
    exe = venv / "bin" / "proselint"
    if not exe.exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "proselint"], capture_output=True, text=True)
        if pip.returncode != 0:
            return None, "proselint: pip install failed: " + pip.stderr.strip().splitlines()[-1:][0]
    version = subprocess.run([str(exe), "version"], capture_output=True, text=True).stdout.strip()
    return exe, version


def install_npm(scratch: Path) -> tuple[Path | None, str]:
    if not shutil.which("node") or not shutil.which("npm"):
        return None, "node/npm not found: alex, write-good and textlint skipped"
    folder = scratch / "node"
    bins = folder / "node_modules" / ".bin"
    if not all((bins / b).exists() for b in ("alex", "write-good", "textlint")):
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "package.json").exists():
            (folder / "package.json").write_text('{"name": "lexlint-bench-peers", "private": true}\n')
        npm = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", *NPM_PACKAGES],
            cwd=folder,
            capture_output=True,
            text=True,
        )
        if npm.returncode != 0:
            return None, "npm install failed: alex, write-good and textlint skipped"
    versions = json.loads(
        subprocess.run(["npm", "ls", "--json", "--depth=0"], cwd=folder, capture_output=True, text=True).stdout or "{}"
    ).get("dependencies", {})
    return bins, ", ".join(f"{k} {v.get('version')}" for k, v in sorted(versions.items()))


# ---- the run -----------------------------------------------------------------------------------------


def lexlint(*args: str) -> list[str]:
    return [PY, "-m", "lexlint", "check", "--quiet", "--fail-on", "never", "--format", "json", *args]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--quick", action="store_true", help="1,000 TWCS and 4,000 brand replies; fewer repeats")
    ap.add_argument("--no-peers", action="store_true", help="lexlint and the bare pipeline only")
    ap.add_argument(
        "--scratch",
        type=Path,
        default=Path(tempfile.gettempdir()) / "lexlint-bench",
        help="where peers are installed (kept between runs)",
    )
    ap.add_argument("--entries", type=int, default=2000, help="entries in the generated phrasebook")
    opts = ap.parse_args()
    corpus = opts.corpus.resolve()
    if not (corpus / "twcs_agent_replies.jsonl").exists():
        sys.exit(f"no corpus at {corpus}; pass --corpus")
    started = time.perf_counter()
    # An installed package runs from bytecode; compile lexlint's once, so that no run pays for it (even
    # with PYTHONDONTWRITEBYTECODE set). The peers were compiled when pip or npm installed them.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "lexlint")], check=True)
    opts.scratch.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    rows: list[Row] = []
    twcs_texts, brand_parts = load_inputs(corpus, opts.quick)
    brand_texts = [t for part in brand_parts for t in part]
    with tempfile.TemporaryDirectory(prefix="lexlint-bench-") as tmp_name:
        tmp = Path(tmp_name)
        twcs_files = write_files(tmp / "twcs", twcs_texts)
        twcs_jsonl = write_jsonl(tmp / "twcs.jsonl", corpus, len(twcs_texts))
        twcs_joined = write_joined(tmp / "twcs.txt", twcs_texts)
        brand_csvs = write_csvs(tmp / "brand-csv", corpus, [len(p) for p in brand_parts])
        brand_files = write_files(tmp / "brand", brand_texts)
        brand_joined = write_joined(tmp / "brand.txt", brand_texts)
        n = len(twcs_texts)
        tw_files = Input(f"TWCS {n:,} files", tuple(twcs_texts))
        tw_one = Input(f"TWCS {n:,} as one file", tuple(twcs_texts))
        br_csv = Input(f"brand {len(brand_texts):,} (2 CSV)", tuple(brand_texts))
        br_files = Input(f"brand {len(brand_texts):,} files", tuple(brand_texts))

        def row(tool: str, inp: Input, measured: Measured, note: str = "") -> Row:
            seconds, rss, problem = measured
            done = Row(tool, inp, seconds, rss, "; ".join(x for x in (note, problem) if x))
            print(
                f"  {tool:<24} {inp.name:<24} {seconds if seconds is not None else float('nan'):7.2f} s",
                file=sys.stderr,
            )
            return done

        def run(tool: str, inp: Input, cmd: list[str], note: str = "", cwd: Path | None = None) -> Row:
            rows.append(row(tool, inp, best_of([(cmd, cwd or tmp)])[0], note))
            return rows[-1]

        def run_in_turns(*runs: tuple[str, Input, list[str]]) -> list[Row]:
            """Commands whose times are compared with each other, taking turns."""
            measured = best_of([(cmd, tmp) for _tool, _inp, cmd in runs])
            rows.extend(row(tool, inp, m) for (tool, inp, _cmd), m in zip(runs, measured))
            return rows[-len(runs) :]

        # the bare pipeline
        for inp in (tw_files, br_csv):
            texts_json = write_texts(tmp / "texts.json", inp)
            piped = min(
                float(
                    subprocess.run([PY, "-c", BARE, str(texts_json)], capture_output=True, text=True, cwd=ROOT)
                    .stdout.strip()
                    .splitlines()[-1]
                )
                for _ in range(REPEATS)
            )
            rows.append(
                Row(
                    "spaCy pipeline (bare)",
                    Input(inp.name.split(" ")[0] + " texts", inp.texts),
                    piped,
                    None,
                    "in-process nlp.pipe, load not timed",
                )
            )
        bare_tw, bare_br = rows[-2], rows[-1]
        whole = [
            run(
                "spaCy pipeline (bare)",
                Input(inp.name.split(" ")[0] + " texts", inp.texts),
                [PY, "-c", BARE, str(path)],
                "as a process: import, load, read, pipe",
                cwd=ROOT,
            )
            for inp, path in (
                (tw_files, write_texts(tmp / "tw.json", tw_files)),
                (br_csv, write_texts(tmp / "br.json", br_csv)),
            )
        ]

        # lexlint
        lx_tw_j1 = run("lexlint --jobs 1", tw_files, lexlint("--no-cache", "--jobs", "1", str(twcs_files)))
        # the three inputs the peers read too, as lexlint reads them
        lexlint_tw, lexlint_one = lexlint("--no-cache", str(twcs_files)), lexlint("--no-cache", str(twcs_jsonl))
        lexlint_csv = lexlint("--no-cache", *map(str, brand_csvs))
        # what the bundled rules cost: the same files with a phrasebook of no entries (reading, the pipeline,
        # the workers and the report alone), taking turns
        empty = tmp / "empty.yaml"
        empty.write_text("name: empty\nentries: []\n", encoding="utf-8")
        lx_tw, lx_empty = run_in_turns(
            ("lexlint (auto jobs)", tw_files, lexlint_tw),
            ("lexlint, empty book", tw_files, lexlint("--no-cache", "--no-default", "-p", str(empty), str(twcs_files))),
        )
        lx_one = run("lexlint", tw_one, lexlint_one, "JSONL")
        book = generated_phrasebook(tmp / "generated.yaml", twcs_texts, opts.entries)
        lx_csv, gen = run_in_turns(
            ("lexlint", br_csv, lexlint_csv),
            (
                f"lexlint, {opts.entries:,}-entry book",
                br_csv,
                lexlint("--no-cache", "--no-default", "-p", str(book), *map(str, brand_csvs)),
            ),
        )
        lx_br_j1, lx_br_j2 = run_in_turns(
            ("lexlint --jobs 1", br_files, lexlint("--no-cache", "--jobs", "1", str(brand_files))),
            ("lexlint --jobs 2", br_files, lexlint("--no-cache", "--jobs", "2", str(brand_files))),
        )
        cached: list[tuple[Row, Row]] = []  # (1st run, 2nd run) on the files, then on the JSONL file
        for inp, target in ((tw_files, twcs_files), (tw_one, twcs_jsonl)):
            cache_runs = []  # (1st run, 2nd run), each pair in a fresh folder, so that every 1st run starts uncached
            for k in range(REPEATS):
                cache_dir = tmp / f"cache-cwd-{len(cached)}-{k}"
                cache_dir.mkdir()
                cache_runs.append([measure(lexlint(str(target)), cache_dir) for _ in range(2)])
            pair = tuple(
                Row(f"lexlint, cache: {nth} run", inp, *min((p[i] for p in cache_runs), key=lambda m: m[0] or 1e9))
                for i, nth in enumerate(("1st", "2nd"))
            )
            rows += pair
            cached.append(pair)

        # peers
        peer_rows: dict[str, list[tuple[Row, float | None]]] = {}  # a peer's rows, with lexlint's time beside each
        if opts.no_peers:
            notes.append("peers skipped (--no-peers)")
        else:
            exe, version = install_proselint(opts.scratch)
            notes.append(version)
            bins, npm_versions = install_npm(opts.scratch)
            notes.append(npm_versions)
            file_args = sorted(str(p) for p in twcs_files.iterdir())
            peers: list[tuple[str, list[str], Path | None]] = []
            if exe:
                peers.append(("proselint", [str(exe), "check"], None))
            if bins:
                peers += [
                    ("write-good", [str(bins / "write-good")], None),
                    ("textlint+write-good", [str(bins / "textlint"), "--rule", "write-good"], bins.parent.parent),
                    ("alex", [str(bins / "alex")], None),
                ]
            same = [  # each input as every tool reads it: the same bytes
                (tw_files, lexlint_tw, file_args, ""),
                (tw_one, lexlint("--no-cache", str(twcs_joined)), [str(twcs_joined)], "as one .txt"),
                (br_csv, lexlint("--no-cache", str(brand_joined)), [str(brand_joined)], "as one .txt"),
            ]
            for name, cmd, cwd in peers:
                peer_rows[name] = []
                for inp, mine, args, note in same:  # the peer and lexlint take turns
                    theirs, ours = best_of([(cmd + args, cwd or tmp), (mine, tmp)])
                    rows.append(row(name, inp, theirs, note))
                    peer_rows[name].append((rows[-1], ours[0]))

        # one text, growing: the time should grow with its length, no faster
        growth: list[tuple[int, Row, Row]] = []
        joined = twcs_joined.read_text(encoding="utf-8")
        for size in LENGTHS:
            path = tmp / f"one-{size}.txt"
            path.write_text(_cut(joined, size), encoding="utf-8")
            inp = Input(f"one text of {size // 1000:,} KB", tuple(path.read_text(encoding="utf-8").split("\n\n")))
            bundled, bare = run_in_turns(
                ("lexlint", inp, lexlint("--no-cache", "--jobs", "1", str(path))),
                ("lexlint --no-default", inp, lexlint("--no-cache", "--jobs", "1", "--no-default", str(path))),
            )
            growth.append((size, bundled, bare))

        # cold start
        one = tmp / "one.txt"
        one.write_text(twcs_texts[0], encoding="utf-8")
        runs = 3 if opts.quick else 7
        fresh = iter(range(1_000_000))
        no_env: Callable[[], dict[str, str]] = dict
        starts = interleaved_medians(
            {
                "import spacy": ([PY, "-c", "import spacy"], None, no_env),
                "lexlint": (lexlint("--no-cache", str(one)), None, no_env),
                # a first run on a machine: no stored word forms (an empty per-user cache folder each time)
                "first": (
                    lexlint("--no-cache", str(one)),
                    None,
                    lambda: {"XDG_CACHE_HOME": str(tmp / f"user-cache-{next(fresh)}")},
                ),
                "cached": (lexlint(str(one)), tmp / "cache-cwd-0-0", no_env),
            },
            runs,
        )
        import_spacy, start_lexlint, start_first, start_cached = starts.values()

    print_table(rows)
    wps = lambda r: r.input.words / r.seconds if r and r.seconds else float("nan")  # noqa: E731
    print("\nRatios")
    print(
        f"  end-to-end / bare pipeline words/s: TWCS files {wps(lx_tw) / wps(bare_tw):.0%}, "
        f"TWCS JSONL {wps(lx_one) / wps(bare_tw):.0%}, brand CSV {wps(lx_csv) / wps(bare_br):.0%}, "
        f"brand files (--jobs 2) {wps(lx_br_j2) / wps(bare_br):.0%}   (target >= 50%)"
    )
    print(
        f"  ... with an empty phrasebook, TWCS files: {wps(lx_empty) / wps(bare_tw):.0%} (the bundled rules cost "
        f"{lx_tw.seconds - lx_empty.seconds:.2f} s of lexlint's {lx_tw.seconds:.2f} s)"
    )
    print(
        f"  ... / bare pipeline as a process (import and load timed too): TWCS files {wps(lx_tw) / wps(whole[0]):.0%}, "
        f"TWCS JSONL {wps(lx_one) / wps(whole[0]):.0%}, brand CSV {wps(lx_csv) / wps(whole[1]):.0%}, "
        f"brand files (--jobs 2) {wps(lx_br_j2) / wps(whole[1]):.0%}"
    )
    for name, pairs in peer_rows.items():
        speedups = ", ".join(
            f"{p.input.name} {p.seconds:.2f} s / lexlint {ours:.2f} s = {p.seconds / ours:.2f}x"
            if p.seconds and ours
            else f"{p.input.name}: -"
            for p, ours in pairs
        )
        print(f"  {name} / lexlint, taking turns: {speedups}   (target > 1x; proselint >= 5x)")
    print(
        f"  cold start: lexlint check one.txt {start_lexlint:.2f} s, cached {start_cached:.2f} s, "
        f"first run on the machine (no stored word forms) {start_first:.2f} s; import spacy {import_spacy:.2f} s; "
        f"difference {start_lexlint - import_spacy:+.2f} s (first run {start_first - import_spacy:+.2f} s)   "
        f"(target <= +0.50 s; medians of {runs}, interleaved)"
    )
    base_size, base_bundled, base_bare = growth[0]
    for size, bundled, bare in growth[1:]:
        more = (size - base_size) / 1e6
        print(
            f"  one text of {size // 1000:,} KB: {bundled.seconds:.2f} s; per MB over the {base_size // 1000} KB text: "
            f"{(bundled.seconds - base_bundled.seconds) / more:.2f} s, of which the bundled rules "
            f"{(bundled.seconds - bare.seconds - base_bundled.seconds + base_bare.seconds) / more:.2f} s   "
            "(linear: the same figure at every length)"
        )
    print(f"  --jobs 2 / --jobs 1 on brand files: {lx_br_j1.seconds / lx_br_j2.seconds:.2f}x   (target >= 1.7x)")
    print(
        f"  {opts.entries:,}-entry phrasebook / bundled, brand CSV: {gen.seconds / lx_csv.seconds:.2f}x   "
        f"(target <= 1.5x)"
    )
    print(
        f"  cached 2nd run / 1st run: TWCS files {cached[0][1].seconds / cached[0][0].seconds:.0%}, "
        f"TWCS JSONL {cached[1][1].seconds / cached[1][0].seconds:.0%}   (target <= 10%)"
    )
    print(f"  --jobs 1 vs auto on TWCS files: {lx_tw_j1.seconds:.2f} s vs {lx_tw.seconds:.2f} s")
    print(
        f"\n{os.cpu_count()} cores; words = whitespace-separated; peak MB = largest process of the run; "
        f"benchmark took {time.perf_counter() - started:.0f} s"
    )
    for note in notes:
        print(f"  {note}")


def print_table(rows: list[Row]) -> None:
    head = ["tool", "input", "seconds", "words/s", "msgs/s", "peak MB", "note"]
    cells = [head] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    for i, line in enumerate(cells):
        print(" | ".join(c.ljust(w) if j in (0, 1, 6) else c.rjust(w) for j, (c, w) in enumerate(zip(line, widths))))
        if i == 0:
            print("-+-".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
