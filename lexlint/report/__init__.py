"""Reports: findings in, text out. One module per format, listed in `FORMATS`.

A format is a module with `NAME` and `render(findings, run) -> str`. To add one: write the module, add its
line to `FORMATS`."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from json import JSONEncoder
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

from lexlint import score
from lexlint.errors import LexlintError
from lexlint.findings import Finding
from lexlint.rulebook.explain import RuleDoc  # what a report says about a rule: `lexlint explain`'s record
from lexlint.sources.segments import ELLIPSIS

if TYPE_CHECKING:
    from lexlint.rulebook.phrasebook import Phrasebook


WIDTH = 120  # the columns a text report fits its lines into when no terminal says otherwise


@dataclass(frozen=True)
class Run:
    """What a report may need besides the findings."""

    files: int
    sources: Mapping[str, str] = field(default_factory=dict)  # path -> decoded file text
    color: bool = False
    rules: dict[str, RuleDoc] = field(default_factory=dict)  # rule id -> its documentation
    paths: tuple[str, ...] = ()  # every file linted, findings or not
    unread: int = 0  # files that could not be read (each reported on stderr)
    errors: tuple[LexlintError, ...] = ()  # why each of them could not be (or be fixed): every format reports them
    warnings: tuple[LexlintError, ...] = ()  # what the configuration names that nothing defines: reported too
    statistics: bool = False  # `--statistics`: a count per rule (the text report shows only that)
    docs_url: str | None = None  # the rules docs page: a rule's help links to its section there
    width: int = WIDTH  # columns the text report fits a source line and a suggestion into (the terminal's)


def file_error(err: LexlintError) -> dict[str, object]:
    """A file's error as the machine-readable formats give it."""
    return {"path": err.path, "line": err.line, "column": err.column, "message": err.message}


# What a linted file may hold that must not reach a terminal or a CI log as it is (an escape sequence, a
# carriage return that overwrites a line, a line break that starts a workflow command of its own): C0
# controls and DEL as their Unicode control pictures (ESC as U+241B), C1 controls and lone surrogates (which
# no UTF-8 output can carry) as \x9b and \ud800, and the bidirectional controls that reorder the text around
# them (a line could show other words than it holds) as \u202e. A tab stays a tab.
BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_VISIBLE = (
    {c: chr(0x2400 + c) for c in range(0x20) if c != 0x09}
    | {0x7F: "\u2421"}
    | {c: f"\\x{c:02x}" for c in range(0x80, 0xA0)}
    | {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}
    | {c: f"\\u{c:04x}" for c in BIDI_CONTROLS}
)
_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every control character shown as a visible symbol or escape, never acted on."""
    return text.translate(_VISIBLE) if _INVISIBLE.search(text) else text


def clip(text: str, width: int = WIDTH) -> str:
    """`text` cut to `width` characters, with an ellipsis where it was cut."""
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


def char_columns(ch: str) -> int:
    """The terminal columns one character takes: two for a wide one (CJK, most emoji), none for a combining
    mark, else one; what keeps a caret under its word on a line that holds them."""
    if ch < "\u0300":
        return 1
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def columns(text: str) -> int:
    """The terminal columns `text` takes."""
    return len(text) if text.isascii() else sum(map(char_columns, text))


def window(line: str, start: int, end: int, width: int = WIDTH) -> tuple[str, int, int]:
    """At most `width` terminal columns of `line` around line[start:end], an ellipsis counted on each side
    that was cut: the match first (its start, when it is longer than the room), then its surroundings, a
    character each side in turn; and where the match stands in what is shown."""
    if len(line) <= width and columns(line) <= width:
        return line, start, end
    end = min(end, len(line))
    left = right = start
    used = 0

    def fits(lo: int, hi: int, more: int) -> bool:
        return used + more + (lo > 0) + (hi < len(line)) <= width

    while right < end and fits(left, right + 1, char_columns(line[right])):
        used += char_columns(line[right])
        right += 1
    grew = True
    while grew:
        grew = False
        if right < len(line) and fits(left, right + 1, char_columns(line[right])):
            used += char_columns(line[right])
            right += 1
            grew = True
        if left > 0 and fits(left - 1, right, char_columns(line[left - 1])):
            used += char_columns(line[left - 1])
            left -= 1
            grew = True
    head = ELLIPSIS if left > 0 else ""
    tail = ELLIPSIS if right < len(line) else ""
    return head + line[left:right] + tail, start - left + len(head), min(end, right) - left + len(head)


class Reporter(Protocol):
    NAME: str

    def render(self, findings: list[Finding], run: Run) -> str: ...


FORMATS: dict[str, str] = {  # NAME (the --format value) -> module
    "github": "lexlint.report.github",
    "json": "lexlint.report.json",
    "junit": "lexlint.report.junit",
    "sarif": "lexlint.report.sarif",
    "text": "lexlint.report.text",
}


def formats() -> dict[str, Reporter]:
    return {name: cast("Reporter", importlib.import_module(module)) for name, module in FORMATS.items()}


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 file", "2 files" ("1 fix", "2 fixes" with many="fixes")."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def rule_docs(books: Iterable[Phrasebook]) -> dict[str, RuleDoc]:
    """What the reports say about each rule of `books` and each of lexlint's own rules: what `lexlint
    explain` says."""
    from lexlint.rulebook.explain import builtin_docs, entry_doc, sequence_doc

    docs = builtin_docs()
    for book in books:
        docs.update({s.id: sequence_doc(s, book) for s in book.sequences})
        docs.update({e.id: entry_doc(e) for e in book.entries})
    return docs


class RuleCount(NamedTuple):
    """One rule's line of `--statistics`: how many findings, at what severity, and the fixes they offer."""

    rule: str
    total: int
    severity: str
    fix: str  # "safe" when --fix applies some, "unsafe" when only --unsafe-fixes would, else "none"


def rule_counts(findings: list[Finding]) -> list[RuleCount]:
    """A count per rule, most found first."""
    counts = Counter(f.rule for f in findings)
    severity = {f.rule: f.severity for f in findings}
    fixes: dict[str, set[str]] = {}
    for f in findings:
        fixes.setdefault(f.rule, set()).add(f.fix)
    return [
        RuleCount(rule, n, severity[rule], next((k for k in ("safe", "unsafe") if k in fixes[rule]), "none"))
        for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def statistics_doc(findings: list[Finding]) -> dict[str, dict[str, object]]:
    """`--statistics` as the machine-readable formats carry it: rule -> count, severity, fix."""
    return {c.rule: {"count": c.total, "severity": c.severity, "fix": c.fix} for c in rule_counts(findings)}


FIX_MARKS = {"safe": "[fix]", "unsafe": "[unsafe fix]", "none": ""}


def statistics(findings: list[Finding]) -> str:
    """`--statistics` as text: a count per rule, most found first, with its severity and the fixes it has
    (`[fix]`: --fix applies them; `[unsafe fix]`: only --unsafe-fixes)."""
    counted = rule_counts(findings)
    width = max((len(str(c.total)) for c in counted), default=1)
    rule_width = max((len(c.rule) for c in counted), default=0)
    lines = [
        f"{c.total:>{width}}  {c.rule:<{rule_width}}  {c.severity:<7}  {FIX_MARKS[c.fix]}".rstrip() for c in counted
    ]
    lines.append(plural(len(findings), "finding"))
    return "\n".join(lines) + "\n"


def summary(findings: list[Finding], files: int) -> dict[str, int]:
    """The counts a report closes with, and `score`: the lowest score of any message (lexlint.score; 100
    when nothing was found), the number `--min-score` compares."""
    counts = Counter(f.severity for f in findings)
    return {
        "files": files,
        "findings": len(findings),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "score": score.lowest(findings),
    }


def json_text(doc: Any, rows: tuple[str, ...] = (), encoded: tuple[str, ...] = ()) -> str:
    """`doc` as a JSON file: laid out like json.dumps(doc, indent=2), except that each item of a list under a
    key in `rows` is one compact line, and each item under a key in `encoded` is such a line already (JSON
    text, written as it is). Nearly all the text comes from json's C encoder (given `indent`, json would use
    its pure-Python one), and the pieces are joined once."""
    out: list[str] = []
    _lay_out(doc, {**dict.fromkeys(rows, _ROW), **dict.fromkeys(encoded, str)}, "", None, out)
    out.append("\n")
    return "".join(out)


# No cycle check: a report builds its document afresh, and the check costs as much as encoding a small row.
_ROW = JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _lay_out(
    value: Any, rows: dict[str, Callable[[Any], str]], pad: str, line: Callable[[Any], str] | None, out: list[str]
) -> None:
    """`rows`: list keys whose items are one line each, and how an item becomes its line; `line`: that
    function for the items of this list (None: laid out in full)."""
    if not isinstance(value, (dict, list)) or not value:
        out.append(_ROW(value))
        return
    inner = pad + "  "
    if isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append(f"{',' if i else ''}\n{inner}{_ROW(key)}: ")
            _lay_out(item, rows, inner, rows.get(key), out)
        out.append(f"\n{pad}}}")
        return
    out.append("[")
    for i, item in enumerate(value):
        out.append(f",\n{inner}" if i else f"\n{inner}")
        if line is not None:
            out.append(line(item))
        else:
            _lay_out(item, rows, inner, None, out)
    out.append(f"\n{pad}]")


if TYPE_CHECKING:  # mypy checks each registered format against the contract
    from lexlint.report import github, junit, sarif, text
    from lexlint.report import json as json_format

    _REGISTERED: tuple[Reporter, ...] = (github, json_format, junit, sarif, text)
