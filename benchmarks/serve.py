"""Load on a real `lexlint serve`: latency percentiles, requests per second, errors and the server's memory,
against the in-process `Linter.lint` of the same texts.

Drafts of about 20, 100 and 1,000 words are built at run time from the agent replies in the corpus
(../shared/corpus/twcs_agent_replies.jsonl: consecutive replies joined until a draft has its words; nothing
from the corpus is written anywhere). The server is started with `python -m lexlint serve` on a free
127.0.0.1 port (`--workers` processes) and loaded from this process by a bare asyncio HTTP/1.1 client over
keep-alive connections, `--requests` requests per cell at each concurrency, each cell also bounded by
`--seconds`. Printed per cell: requests done, errors (any answer but 200, or none), p50/p95/p99 latency,
requests/s, the server's CPU time per request (user + system, summed over its processes: unlike requests/s it
does not fall when other work shares the cores), and the server's resident memory before and after the cell
and its peak so far (VmHWM, summed over its processes); then per draft size the in-process lint's p50,
texts/s and CPU per text, and the server's figures as ratios of them. Last, a pre-commit run on one changed
macro (a macro of the corpus's paysend_macros.json written to the scratch folder, `lexlint check FILE`): cold
(a local run, spaCy loaded) against warm (`--server`), the fastest of three runs each, the cache left out,
with every module read as bytecode, as an installed lexlint's are: an untimed run first compiles them into the
scratch folder (PYTHONPYCACHEPREFIX). A checkout run under PYTHONDONTWRITEBYTECODE with no __pycache__
compiles lexlint's modules on every start instead, which costs a warm run about a tenth of a second more.

    python benchmarks/serve.py                       # 2,000 requests a cell, concurrency 1, 16, 64
    python benchmarks/serve.py --requests 300 --seconds 20   # a quick look
    python benchmarks/serve.py --workers 2           # a server process per core
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SIZES = (20, 100, 1000)
CONCURRENCY = (1, 16, 64)


def drafts(corpus: Path, words: int, count: int) -> list[str]:
    """`count` drafts of about `words` words, each consecutive corpus replies joined by blank lines."""
    out: list[str] = []
    parts: list[str] = []
    have = 0
    with open(corpus / "twcs_agent_replies.jsonl", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            n = len(text.split())
            if not n:
                continue
            parts.append(text)
            have += n
            if have >= words:
                out.append("\n\n".join(parts))
                parts, have = [], 0
                if len(out) == count:
                    break
    if not out:
        raise SystemExit(f"no replies read from {corpus}")
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (the worker processes of `--workers N`)."""
    out, pending = [], [pid]
    while pending:
        here = pending.pop()
        out.append(here)
        for task in Path(f"/proc/{here}/task").iterdir():
            pending += [int(c) for c in (task / "children").read_text().split()]
    return out


def memory(pid: int) -> dict[str, int]:
    """The resident memory of the server's processes now and at their peaks, summed, in MB."""
    fields = {"VmRSS": 0, "VmHWM": 0}
    for proc in _tree(pid):
        with open(f"/proc/{proc}/status", encoding="ascii") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in fields:
                    fields[key] += int(value.split()[0]) // 1024
    return fields


def cpu_seconds(pid: int) -> float:
    """User and system time of the server's processes so far."""
    total = 0
    for proc in _tree(pid):
        with open(f"/proc/{proc}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def in_process(texts: list[str], seconds: float) -> tuple[float, float, float]:
    """p50 latency (ms), texts/s and CPU per text (ms) of `Linter.lint` on `texts`, as the server lints a draft."""
    from lexlint.serve.service import Service, Settings

    service = Service.start(Settings())
    linter = service.linters[None]
    times: list[float] = []
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(max(len(texts), 200)):
        t0 = time.perf_counter()
        service.lint(texts[i % len(texts)], linter)
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - started > seconds:
            break
    return statistics.median(times) * 1000, len(times) / sum(times), (time.process_time() - cpu) / len(times) * 1000


def request(endpoint: str, text: str) -> bytes:
    """The whole HTTP/1.1 request for `text`: JSON to /v1/lint, LanguageTool's form to /v2/check."""
    if endpoint == "/v1/lint":
        body, kind = json.dumps({"text": text}).encode(), b"application/json"
    else:
        body, kind = urlencode({"text": text, "language": "en-US"}).encode(), b"application/x-www-form-urlencoded"
    head = b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
    return head % (endpoint.encode(), kind, len(body)) + body


async def answer(reader: asyncio.StreamReader) -> int:
    """Read one response off a keep-alive connection; its status."""
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def load(
    port: int, endpoint: str, texts: list[str], requests: int, concurrency: int, seconds: float
) -> dict[str, float]:
    """`requests` POSTs of `texts` to `endpoint`, `concurrency` keep-alive connections at a time, for at most
    `seconds`. A bare HTTP/1.1 client: a full client library costs more CPU per request than the server does,
    and would measure itself on a 2-core machine."""
    bodies = [request(endpoint, text) for text in texts]
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    issued = 0

    async def connection() -> None:
        nonlocal errors, issued
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while issued < requests and time.perf_counter() < deadline:
                data = bodies[issued % len(bodies)]
                issued += 1
                t0 = time.perf_counter()
                try:
                    writer.write(data)
                    ok = await asyncio.wait_for(answer(reader), 60) == 200
                except (OSError, ValueError, IndexError, asyncio.IncompleteReadError, TimeoutError):
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok
                if not ok:
                    break
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    return {
        "done": len(latencies),
        "errors": errors,
        "p50": percentile(latencies, 50) * 1000,
        "p95": percentile(latencies, 95) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "rps": len(latencies) / wall,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    import httpx

    port = free_port()
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - the server's log, open while it runs
    proc = subprocess.Popen(
        [sys.executable, "-m", "lexlint", "serve", "--port", str(port), "--queue", "256", "--workers", str(workers)],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {(folder / 'server.log').read_text()}")
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                return proc, port
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 120 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--requests", type=int, default=2000, help="requests per cell (default 2000)")
    parser.add_argument("--seconds", type=float, default=60.0, help="time bound per cell (default 60)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=list(CONCURRENCY))
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    texts = {words: drafts(args.corpus, words, 50) for words in SIZES}
    for words, group in texts.items():
        mean = statistics.mean(len(t.split()) for t in group)
        print(f"drafts of ~{words} words: {len(group)} distinct, {mean:.0f} words on average")
    with tempfile.TemporaryDirectory() as scratch:
        proc, port = start(Path(scratch), args.workers)
        try:
            print(f"server pid {proc.pid}: {memory(proc.pid)['VmRSS']} MB resident after start")
            print(
                f"{'endpoint':<10} {'words':>5} {'conc':>4} {'done':>5} {'err':>4} {'p50 ms':>7} {'p95 ms':>7} "
                f"{'p99 ms':>7} {'req/s':>7} {'CPU ms':>6} {'RSS MB before→after (peak)':>28}"
            )
            results: dict[tuple[str, int, int], dict[str, float]] = {}
            cells = [("/v1/lint", w, c) for w in SIZES for c in args.concurrency]
            cells += [("/v2/check", 100, c) for c in (1, 16)]
            for endpoint, words, conc in cells:
                before, cpu = memory(proc.pid)["VmRSS"], cpu_seconds(proc.pid)
                got = asyncio.run(load(port, endpoint, texts[words], args.requests, conc, args.seconds))
                got["cpu"] = (cpu_seconds(proc.pid) - cpu) / max(1, got["done"]) * 1000
                after = memory(proc.pid)
                results[(endpoint, words, conc)] = got
                print(
                    f"{endpoint:<10} {words:>5} {conc:>4} {got['done']:>5.0f} {got['errors']:>4.0f} {got['p50']:>7.1f} "
                    f"{got['p95']:>7.1f} {got['p99']:>7.1f} {got['rps']:>7.1f} {got['cpu']:>6.2f} "
                    f"{before:>13} → {after['VmRSS']} ({after['VmHWM']})"
                )
            precommit(Path(scratch), args.corpus, port)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print()
    print("in-process Linter.lint of the same drafts (this process, one thread), and the server against it:")
    for words in SIZES:
        p50, rate, cpu = in_process(texts[words], args.seconds / 2)
        one = results[("/v1/lint", words, 1)]
        best = max(results[("/v1/lint", words, c)]["rps"] for c in args.concurrency)
        spent = statistics.median(results[("/v1/lint", words, c)]["cpu"] for c in args.concurrency)
        print(
            f"  ~{words:>4} words: in-process p50 {p50:.2f} ms, {rate:.0f} texts/s, {cpu:.2f} ms CPU a text; server "
            f"p50 at concurrency 1 {one['p50'] / p50:.1f}x in-process, best server req/s {best / rate:.2f}x "
            f"in-process texts/s, server CPU a request {spent / cpu:.2f}x in-process"
        )


def precommit(folder: Path, corpus: Path, port: int) -> None:
    """One changed macro linted as the pre-commit hook lints it, cold and warm."""
    with open(corpus / "paysend_macros.json", encoding="utf-8") as fh:
        title, body = next(iter(json.load(fh).items()))
    macro = folder / "macros" / "changed.json"
    macro.parent.mkdir()
    macro.write_text(json.dumps({title: body}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(folder / "bytecode")}
    base = [sys.executable, "-m", "lexlint", "check", str(macro), "--no-cache", "--format", "json"]
    subprocess.run(base, capture_output=True, env=env, cwd=folder, timeout=120)  # compiles every module
    timings = {}
    outputs = {}
    for name, extra in (("cold", []), ("warm", ["--server", f"http://127.0.0.1:{port}"])):
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            ran = subprocess.run([*base, *extra], capture_output=True, env=env, cwd=folder, timeout=120)
            best = min(best, time.perf_counter() - t0)
        timings[name], outputs[name] = best, ran.stdout
        passed_over = [line for line in ran.stderr.decode().splitlines() if line.endswith("linting here")]
        if name == "warm" and passed_over:
            print(f"  (the server was passed over: {passed_over[0]})")
    same = "the same report" if outputs["cold"] == outputs["warm"] else "DIFFERENT reports"
    print(
        f"pre-commit on one changed macro: cold {timings['cold']:.2f} s, warm (--server) {timings['warm']:.2f} s "
        f"({timings['cold'] / timings['warm']:.1f}x faster), {same}"
    )


if __name__ == "__main__":
    main()
