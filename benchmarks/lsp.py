"""The language server's latency: the time from a `textDocument/didChange` to the `publishDiagnostics` for
that version, on a real `lexlint lsp` over stdio, against the in-process `Linter.lint` of the same text.

Two documents, built at run time in a scratch folder and never written anywhere else: a draft of about 100
words (consecutive agent replies of ../shared/corpus/twcs_agent_replies.jsonl joined, as
benchmarks/serve.py builds its drafts) and a 1,000-line macro export (a flat {title: text} JSON map, one
macro a line, the corpus's paysend_macros.json macros over and over under numbered titles). The server is
started with `python -m lexlint lsp` and `initializationOptions: {"debounce": 0}`, so what is timed is the
server's own work (an editor's debounce, 150 ms by default, waits on top of it while the writer types).
Each change swaps the document between two texts (the second ends with one more sentence), so every
version is linted anew; a change's time ends when its diagnostics have been read and parsed here, before
this client builds its own objects of them (an editor's cost, not the server's). The in-process figure is
a whole `Linter.lint` of the text, as `check` lints a file; the server reads the whole text on each change
but lints again only the segments (macros) that changed. Printed per document: the server's p50 and p95,
the in-process lint's p50, their ratio, and the goal (p50 ≤ 10 ms for the draft, ≤ 100 ms for the export).

    python benchmarks/lsp.py                   # 60 changes a document
    python benchmarks/lsp.py --changes 20      # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import LanguageServerProtocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from serve import drafts, percentile  # noqa: E402  (the same drafts the HTTP benchmark builds)

EXPORT_LINES = 1000
GOALS_MS = {"draft.txt": 10.0, "macros.json": 100.0}
MORE = " Thanks again for your patience."


def export(corpus: Path, lines: int) -> str:
    """A flat {title: text} export of `lines` lines: `{`, one macro a line, `}`."""
    macros = list(json.loads((corpus / "paysend_macros.json").read_text(encoding="utf-8")).items())
    rows = []
    for k in range(lines - 2):
        title, text = macros[k % len(macros)]
        rows.append(f"  {json.dumps(f'{title} #{k + 1}', ensure_ascii=False)}: {json.dumps(text, ensure_ascii=False)}")
    return "{\n" + ",\n".join(rows) + "\n}\n"


def variant(path: str, text: str) -> str:
    """The text with one more sentence: in the export, at the end of its last macro."""
    if path.endswith(".json"):
        cut = text.rstrip().rstrip("}").rstrip().rstrip('"')
        return cut + MORE + text[len(cut) :]
    return text.rstrip("\n") + MORE + "\n"


def in_process(path: str, texts: tuple[str, str], runs: int) -> list[float]:
    """Seconds for `Linter.lint` of each text in turn, read as the file at `path`, as `check` configures it."""
    from lexlint.engine import Linter
    from lexlint.settings import plan as planning
    from lexlint.sources import read_text

    cfg = planning.configure([path])
    plan = planning.resolve(cfg, [path])
    linter = Linter(plan.groups[0].book, plan.config)
    linter.lint(read_text(path, texts[0], plan.options))  # what loads on first use
    out = []
    for k in range(runs):
        start = time.perf_counter()
        linter.lint(read_text(path, texts[k % 2], plan.options))
        out.append(time.perf_counter() - start)
    return out


ARRIVED: dict[tuple[str, int], float] = {}  # (uri, version) -> when its diagnostics were read


class Timed(LanguageServerProtocol):
    """The client's protocol, noting when a publishDiagnostics message has been read off the pipe and parsed
    (before this client builds its Python objects of it, which is this client's cost, not the server's)."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        if data.get("method") == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            params = data.get("params") or {}
            ARRIVED[(params.get("uri", ""), params.get("version") or 0)] = time.perf_counter()
        return super().structure_message(data)


async def over_lsp(folder: Path, docs: dict[str, tuple[str, str]], changes: int) -> dict[str, list[float]]:
    """Seconds from each didChange to its version's diagnostics, per document."""
    client = LanguageClient("lexlint-benchmark", "1", protocol_cls=Timed)
    arrived = ARRIVED
    waiting: dict[tuple[str, int], asyncio.Future[None]] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        key = (params.uri, params.version or 0)
        if key in waiting and not waiting[key].done():
            waiting[key].set_result(None)

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    await client.start_io(sys.executable, "-m", "lexlint", "lsp", cwd=str(folder), env=env)
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=folder.as_uri(),
            initialization_options={"debounce": 0},
        )
    )
    client.initialized(types.InitializedParams())
    loop = asyncio.get_running_loop()

    async def version(uri: str, v: int) -> None:
        if (uri, v) not in arrived:
            waiting[(uri, v)] = loop.create_future()
            await asyncio.wait_for(waiting[(uri, v)], 300)

    out: dict[str, list[float]] = {}
    for name, texts in docs.items():
        uri = (folder / name).as_uri()
        language = "json" if name.endswith(".json") else "plaintext"
        item = types.TextDocumentItem(uri=uri, language_id=language, version=1, text=texts[0])
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        await version(uri, 1)
        times = []
        for k in range(changes):
            v = k + 2
            change = types.TextDocumentContentChangeWholeDocument(text=texts[(k + 1) % 2])
            sent = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=v), content_changes=[change]
                )
            )
            await version(uri, v)
            times.append(arrived[(uri, v)] - sent)
        out[name] = times
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60, help="didChange notifications per document")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lexlint-lsp-bench-") as scratch:
        folder = Path(scratch)
        draft = drafts(args.corpus, 100, 1)[0] + "\n"
        macros = export(args.corpus, EXPORT_LINES)
        docs = {
            "draft.txt": (draft, variant("draft.txt", draft)),
            "macros.json": (macros, variant("macros.json", macros)),
        }
        for name, (text, _) in docs.items():
            (folder / name).write_text(text, encoding="utf-8")
        served = asyncio.run(over_lsp(folder, docs, args.changes))
        print(f"didChange → publishDiagnostics, {args.changes} changes a document, debounce 0")
        print(f"{'document':<12} {'size':>18} {'server p50':>11} {'p95':>9} {'in-process p50':>15} {'ratio':>6}  goal")
        for name, texts in docs.items():
            local = in_process(str(folder / name), texts, args.changes)
            p50, p95, base = statistics.median(served[name]), percentile(served[name], 95), statistics.median(local)
            size = f"{len(texts[0].split()):,} words, {texts[0].count(chr(10)):,} lines"
            goal = GOALS_MS[name]
            verdict = "met" if p50 * 1000 <= goal else "missed"
            print(
                f"{name:<12} {size:>18} {p50 * 1000:>9.1f}ms {p95 * 1000:>7.1f}ms {base * 1000:>13.1f}ms "
                f"{p50 / base:>5.2f}x  p50 ≤ {goal:.0f} ms: {verdict}"
            )


if __name__ == "__main__":
    main()
