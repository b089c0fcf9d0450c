"""Fuzz every reader and phrasebook loading for a bounded time each; not run in CI.

One target per reader (text, markdown, html, csv, json, jsonl, yaml macros, eml, script) and one for
phrasebook loading. A reader's input is built by hypothesis from the pieces of its format (quotes, tags,
backtick runs, escapes, anchors, charsets …) mixed with arbitrary text, encoded to bytes (sometimes with
stray bytes) and taken the way a file is: decoded, read into segments, linted with the bundled phrasebook,
and the text report rendered. A phrasebook input is a YAML file of entries, patterns and raw token patterns
that is loaded, compiled and run on a sentence.

A crash is any exception other than lexlint's own user errors (LexlintError: a bad file or phrasebook,
reported as one line); a hang is an input that takes longer than --hang seconds. Each distinct crash
(exception type and the innermost lexlint frame) is printed once with the input that found it.

    python benchmarks/fuzz.py --seconds 60              # every target, a minute each
    python benchmarks/fuzz.py --seconds 30 html csv     # some of them
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lexlint.errors import LexlintError

PHRASES = [
    "You owe $40 on this account.",
    "No problem!",
    "Please hold.",
    "I'm so sorry.",
    "I've refunded you.",
    "Hi Jo,",
    "Thanks,",
    "you need to",
    "per my last email",
    "lexlint-disable",
    "lexlint-disable-next-line you-owe",
    "lexlint-enable",
    "{{ticket.requester.first_name}}",
    "{% if x %}",
    "{%customer.firstName%}",
    "{!Case.Id}",
    "[Customer Name]",
    "XXXX",
    "____",
]
SPACES = [" ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u00a0", "\u2028", "\x0b", "\x0c"]
ODD = [
    "\x00",
    "\x1b[31m",
    "\x1b]8;;x\x07",
    "\x9b",
    "\ufeff",
    "\u200b",
    "\u202e",
    "\U0001f600",
    "e\u0301",
    "\ufffd",
    "9" * 5000,
    "-1e999",
    "\\",
    "\\u",
    "\\ud800",
    "\\udc00",
    "\\x",
    "\\U0010ffff",
]


def mix(pieces: list[str]) -> st.SearchStrategy[str]:
    """Text made of the format's pieces, phrases lexlint reacts to, odd characters and arbitrary text."""
    part = st.one_of(
        st.sampled_from(pieces),
        st.sampled_from(PHRASES),
        st.sampled_from(SPACES),
        st.sampled_from(ODD),
        st.text(max_size=12),
        st.builds(lambda p, n: p * n, st.sampled_from(pieces), st.integers(1, 300)),
    )
    return st.lists(part, max_size=60).map("".join)


MARKDOWN = [
    "`",
    "``",
    "```",
    "~~~",
    "    ",
    "# ",
    "> ",
    "- ",
    "1. ",
    "* ",
    "_",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "<",
    ">",
    "<!--",
    "-->",
    "http://",
    "https://x.io/a",
    "www.",
    "<https:",
    "</a>",
    "<b>",
    "[x]: ",
    '"',
    "'",
]
HTML = [
    "<p>",
    "</p>",
    "<br>",
    "<br/>",
    '<div class="',
    '"',
    "'",
    "<a href='",
    ">",
    "<",
    "</",
    "<!--",
    "-->",
    "<!",
    "<?",
    "<script>",
    "</script>",
    "<style>",
    "</style >",
    "<head>",
    "&amp;",
    "&nbsp;",
    "&#",
    "&#x",
    "&#128512;",
    "&bogus",
    ";",
    "=",
    "<li>",
    "<svg/>",
    "</div>",
]
CSV = [",", '"', '""', "\n", "\r\n", "text", "body", "customer", "message", "\t"]
JSON = [
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    '"',
    '\\"',
    "\\n",
    "\\u0000",
    "\\ud83d\\ude00",
    '"macros"',
    '"body"',
    '"title"',
    '"text"',
    "null",
    "true",
    "1e400",
    "<p>",
    "&amp;",
]
YAML = [
    "macros:",
    "\n  - ",
    "title: ",
    "body: ",
    "text: ",
    "|",
    ">-",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!binary ",
    "!!timestamp 2024-13-45",
    "? ",
    ": ",
    "- ",
    "---\n",
    "...\n",
    "'",
    '"',
    "\\x41",
    "{",
    "}",
    "[",
    "]",
    "#",
    "%YAML 1.1\n",
    "\n    ",
    "0x1F",
    ".inf",
    "~",
]
EML = [
    "\n",
    "\r\n",
    "=",
    "=\n",
    "=C3=A9",
    "=E9",
    "=3D",
    "=\r\n",
    "--b\n",
    "--b--\n",
    ">",
    "On Mon, Jo wrote:\n",
    "-- \n",
    "Subject: ",
    "Content-Type: text/html; charset=",
    "Content-Transfer-Encoding: ",
    "<p>",
]
SCRIPT = ["Agent: ", "Customer: ", "Caller: ", "**Agent**: ", "__Rep__: ", "Support:", "\n", ": "]


def _csv() -> st.SearchStrategy[str]:
    header = st.lists(
        st.sampled_from(["text", "body", "message", "customer", "id", "x", '"text"', "te,xt"]), min_size=1, max_size=4
    ).map(",".join)
    return st.builds(lambda h, rest: h + "\n" + rest, header, mix(CSV))


def _json() -> st.SearchStrategy[str]:
    leaf = st.one_of(
        st.text(max_size=40), mix(HTML + JSON), st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()
    )
    value = st.recursive(
        leaf,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    ["title", "body", "text", "content", "html", "tags", "macros", "actions", "value", "raw_title", "x"]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=12,
    )
    macros = st.builds(
        lambda ms: json.dumps({"macros": ms}, ensure_ascii=False),
        st.lists(st.fixed_dictionaries({"title": st.text(max_size=20), "body": mix(HTML)}), max_size=4),
    )
    # a valid document, one cut or spliced with raw pieces, or raw pieces alone
    spliced = st.builds(lambda doc, at, junk: doc[:at] + junk + doc[at:], macros, st.integers(0, 200), mix(JSON))
    return st.one_of(macros, value.map(lambda v: json.dumps(v, ensure_ascii=False)), spliced, mix(JSON))


def _jsonl() -> st.SearchStrategy[str]:
    line = st.one_of(
        st.builds(lambda t, c: json.dumps({"text": t, "customer_text": c}), mix(HTML), st.text(max_size=30)), mix(JSON)
    )
    return st.lists(line, max_size=8).map("\n".join)


def _yaml() -> st.SearchStrategy[str]:
    entry = st.builds(lambda t, b: f"  - title: {t}\n    body: {json.dumps(b)}\n", st.text(max_size=12), mix(HTML))
    well_formed = st.lists(entry, max_size=4).map(lambda es: "macros:\n" + "".join(es))
    return st.one_of(well_formed, mix(YAML), st.builds(lambda a, b: a + b, well_formed, mix(YAML)))


def _eml() -> st.SearchStrategy[str]:
    charset = st.sampled_from(["utf-8", "us-ascii", "iso-8859-1", "windows-1252", "x-unknown", "utf-7", "", '"utf-8"'])
    encoding = st.sampled_from(["7bit", "8bit", "quoted-printable", "base64", "x-uuencode", "binary"])
    kind = st.sampled_from(
        ["text/plain", "text/html", "multipart/alternative; boundary=b", "multipart/mixed; boundary=b"]
    )
    return st.builds(
        lambda k, c, e, body: (
            f"From: a@b.c\nSubject: Re: x\nContent-Type: {k}; charset={c}\nContent-Transfer-Encoding: {e}\n\n{body}"
        ),
        kind,
        charset,
        encoding,
        mix(EML + HTML),
    )


# Template syntax (Liquid, Handlebars, Jinja): tags and comments opened and never closed among them.
TEMPLATE = [
    "{{",
    "}}",
    "{{ name }}",
    "{%",
    "%}",
    "{% if vip %}",
    "{% endif %}",
    "{% comment %}",
    "{% endcomment %}",
    "{#",
    "#}",
    "{{!--",
    "--}}",
    "{{#if x}}",
    "{{/if}}",
    "{{{raw}}}",
]

READERS: dict[str, tuple[str, st.SearchStrategy[str]]] = {
    "text": ("draft.txt", mix(['"', "'", "...", "!", "?", "-", "@jo "])),
    "markdown": ("draft.md", mix(MARKDOWN)),
    "html": ("macro.html", mix(HTML)),
    "csv": ("export.csv", _csv()),
    "json": ("macros.json", _json()),
    "jsonl": ("replies.jsonl", _jsonl()),
    "yaml": ("macros.yaml", _yaml()),
    "eml": ("reply.eml", _eml()),
    "script": ("call.txt", st.builds(lambda a: "Agent: Hi, thanks for calling.\n" + a, mix(SCRIPT))),
    "template": ("reply.liquid", mix(TEMPLATE + HTML)),
}

PATTERN = [
    "you",
    "owe",
    "{amount}",
    "{x y}",
    "(",
    ")",
    "[",
    "]",
    "|",
    "...",
    "\u2026",
    "=",
    "^",
    "'",
    "can't",
    "{",
    "}",
    " ",
    "(a|b)",
    "[a|b c]",
    "{}",
]
RAW_TOKEN = st.dictionaries(
    st.sampled_from(["LOWER", "TEXT", "LEMMA", "POS", "OP", "IS_PUNCT", "LENGTH", "REGEX", "_", "lower", "ORTH"]),
    st.one_of(
        st.text(max_size=8),
        st.integers(),
        st.booleans(),
        st.sampled_from(["?", "+", "*", "!", "{2,3}"]),
        st.dictionaries(
            st.sampled_from(["REGEX", "IN", "NOT_IN", "FUZZY", ">", "=="]),
            st.one_of(
                st.sampled_from(["^(a+)+$", "(a)\\1", "(?=x)", "[", "\\d+", "owe"]),
                st.lists(st.text(max_size=5), max_size=3),
                st.integers(),
            ),
            max_size=2,
        ),
    ),
    max_size=3,
)


def _phrasebook() -> st.SearchStrategy[str]:
    pattern = st.one_of(
        st.lists(st.sampled_from(PATTERN), min_size=1, max_size=12).map("".join).map(json.dumps),
        st.lists(RAW_TOKEN, max_size=3).map(json.dumps),
    )
    entry = st.builds(
        lambda i, avoid, unless, try_, fix, sev: (
            f"  - id: {i}\n    avoid: [{', '.join(avoid)}]\n"
            + (f"    unless: [{', '.join(unless)}]\n" if unless else "")
            + (f"    try: {json.dumps(try_)}\n" if try_ is not None else "")
            + f"    why: Because.\n    fix: {fix}\n"
            f"    severity: {sev}\n"
        ),
        st.sampled_from(["a-b", "x", "A", "you-owe", "1", "a b"]),
        st.lists(pattern, max_size=3),
        st.lists(pattern, max_size=2),
        st.one_of(st.none(), mix(["{amount}", "{x}", "…", "our records show "])),
        st.sampled_from(["safe", "unsafe", "none", "x"]),
        st.sampled_from(["error", "warning", "info", "fatal"]),
    )
    book = st.builds(
        lambda es, extra: "name: fuzz\nentries:\n" + "".join(es) + extra,
        st.lists(entry, max_size=4),
        st.one_of(st.just(""), mix(YAML)),
    )
    return st.one_of(book, mix(YAML + PATTERN))


class Hang(Exception):
    pass


@dataclass
class Tally:
    inputs: int = 0
    hangs: int = 0
    crashes: dict[str, tuple[str, str]] = field(default_factory=dict)  # signature -> (input, traceback)
    crash_count: int = 0


def _signature(exc: BaseException) -> str:
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if "lexlint" in f.filename and "benchmarks" not in f.filename
    ]
    where = f"{os.path.relpath(frames[-1].filename)}:{frames[-1].lineno}" if frames else "outside lexlint"
    return f"{type(exc).__name__} at {where}"


def _on_alarm(signum: int, frame: object) -> None:
    raise Hang


def run_target(
    name: str, seconds: float, hang: float, attempt: Callable[[str], None], inputs: st.SearchStrategy[str]
) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds

    @settings(
        max_examples=50,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs)
    def one(text: str) -> None:
        if time.monotonic() > deadline:
            return
        tally.inputs += 1
        started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, hang)
        try:
            attempt(text)
        except LexlintError:
            pass  # a user error, reported as one line: what lexlint should do
        except Hang:
            tally.hangs += 1
            tally.crashes.setdefault(f"hang over {hang:g} s", (text, "interrupted"))
        except Exception as exc:  # anything else is a crash
            tally.crash_count += 1
            tally.crashes.setdefault(_signature(exc), (text, traceback.format_exc(limit=-6)))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if time.monotonic() - started > hang and not any(k.startswith("hang") for k in tally.crashes):
            tally.hangs += 1
            tally.crashes.setdefault(f"hang over {hang:g} s", (text, "slow (not interruptible)"))

    while time.monotonic() < deadline:
        one()
    return tally


def reader_attempt(file_name: str, linter: object, folder: Path) -> Callable[[str], None]:
    from lexlint import report
    from lexlint.report import text as text_report
    from lexlint.sources import decode, read_text

    path = str(folder / file_name)

    def attempt(text: str) -> None:
        data = text.encode("utf-8", "surrogatepass")
        source = decode(path, data)
        segments = read_text(path, source)
        findings = linter.lint(segments)  # type: ignore[attr-defined]
        text_report.render(findings, report.Run(files=1, sources={path: source}))

    return attempt


def phrasebook_attempt(folder: Path) -> Callable[[str], None]:
    from lexlint.engine import Linter
    from lexlint.rulebook.phrasebook import load_phrasebooks
    from lexlint.sources.segments import text_segment

    path = folder / "book.yaml"

    def attempt(text: str) -> None:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        book = load_phrasebooks([str(path)], default=False)
        Linter(book).lint([text_segment("draft.txt", "You owe $40, aaaa. I can't help (a) you today.")])

    return attempt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help=f"some of: {', '.join([*READERS, 'phrasebook'])} (default: all)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz each target")
    parser.add_argument("--hang", type=float, default=10.0, help="an input taking longer than this is a hang")
    args = parser.parse_args()
    names = args.targets or [*READERS, "phrasebook"]
    unknown = set(names) - {*READERS, "phrasebook"}
    if unknown:
        parser.error(f"unknown target {', '.join(sorted(unknown))}")

    from lexlint.engine import Linter
    from lexlint.rulebook.phrasebook import load_phrasebooks

    linter = Linter(load_phrasebooks())
    signal.signal(signal.SIGALRM, _on_alarm)
    rows = []
    with tempfile.TemporaryDirectory(prefix="lexlint-fuzz-") as tmp:
        folder = Path(tmp)
        for name in names:
            if name == "phrasebook":
                attempt, inputs = phrasebook_attempt(folder), _phrasebook()
            else:
                file_name, inputs = READERS[name]
                attempt = reader_attempt(file_name, linter, folder)
            tally = run_target(name, args.seconds, args.hang, attempt, inputs)
            rows.append((name, tally))
            print(
                f"{name:<11} {tally.inputs:>7} inputs  {tally.crash_count:>4} crashes  {tally.hangs:>3} hangs",
                flush=True,
            )
            for signature, (text, trace) in tally.crashes.items():
                print(f"    {signature}\n      input: {text[:300]!r}{'…' if len(text) > 300 else ''}")
                print("      " + trace.strip().replace("\n", "\n      "))
    total_crashes = sum(t.crash_count + t.hangs for _, t in rows)
    print(f"\n{'target':<11} {'inputs':>7}  {'crashes':>7}  {'hangs':>5}")
    for name, t in rows:
        print(f"{name:<11} {t.inputs:>7}  {t.crash_count:>7}  {t.hangs:>5}")
    print(
        f"{'all':<11} {sum(t.inputs for _, t in rows):>7}  {sum(t.crash_count for _, t in rows):>7}  "
        f"{sum(t.hangs for _, t in rows):>5}"
    )
    sys.exit(1 if total_crashes else 0)


if __name__ == "__main__":
    main()
