"""Properties over far more inputs than a person would write (hypothesis, in this process):

- every reader's offset map: for any message a reader accepts, each finding's line:column and span slice
  back to exactly its `matched` text in the file;
- the phrase mini-language: any string parses and compiles to patterns, or is a PatternSyntaxError at an
  offset inside it; in a phrasebook, a PhrasebookError at a line and column;
- phrasebook and config loading: any YAML loads, or is a LexlintError naming the file.
"""

from __future__ import annotations

import csv
import html
import io
import json
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexlint.errors import InputError, LexlintError, PhrasebookError
from lexlint.rulebook import patterns, phrasebook
from lexlint.settings import config
from lexlint.sources import ReadOptions, read_text
from lexlint.sources.segments import LINE_BREAK

EXAMPLES = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

PHRASES = [
    "You owe $5",
    "you need to",
    "Please hold",
    "No problem",
    "I'm sorry",
    "I've refunded it",
    "Thanks for writing in",
    "Hi Sam",
    "you&nbsp;owe",
    "{{ticket.id}}",
    "owed",
    "@jo_b",
]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\r\n", "\r", "\u00a0", ", ", ". ", "! ", "\t", " \u2028 "]
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


@st.composite
def messages(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(st.one_of(st.sampled_from(PHRASES), st.text(CHARACTERS, max_size=6)), min_size=1, max_size=8)
    )
    out = []
    for piece in pieces:
        out.append(piece)
        out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


def _at(text: str, line: int, column: int) -> int:
    """The offset of a 1-based line and column (lines end at \\r\\n, \\n or a lone \\r)."""
    starts = [0, *(m.end() for m in LINE_BREAK.finditer(text))]
    return starts[line - 1] + column - 1


def _html(message: str, draw: st.DrawFn) -> str:
    body = html.escape(message, quote=draw(st.booleans()))
    if draw(st.booleans()):
        body = body.replace(" ", "&nbsp;")
    return f"<html><body><p>{body}</p><p>Best, <b>Sam</b></p></body></html>\n"


def _yaml(message: str, draw: st.DrawFn) -> str:
    style = draw(st.sampled_from([None, '"', "'", "|", ">"]))
    return yaml.safe_dump(
        [{"title": "Reply", "body": message}],
        default_style=style,
        allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([20, 80, 10_000])),
    )


def _csv(message: str, draw: st.DrawFn) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
    writer.writerows([["id", "text"], ["1", message], ["2", "Thanks!"]])
    return out.getvalue()


def _eml(message: str, draw: st.DrawFn) -> str:
    mail = EmailMessage()
    mail["Subject"] = "Your order"
    mail.set_content(message, cte=draw(st.sampled_from(["quoted-printable", "8bit"])))
    return mail.as_string()


FILES = {
    "reply.txt": lambda m, d: m,
    "reply.md": lambda m, d: f"# Your order\n\n{m}\n",
    "reply.html": _html,
    "macros.json": lambda m, d: json.dumps({"macros": [{"title": "Reply", "body": m}]}, ensure_ascii=d(st.booleans())),
    "macros.yaml": _yaml,
    "replies.csv": _csv,
    "replies.jsonl": lambda m, d: (
        json.dumps({"text": m, "customer_text": "It broke."}, ensure_ascii=d(st.booleans())) + "\n"
    ),
    "reply.eml": _eml,
    "call.txt": lambda m, d: f"Customer: It broke again.\nAgent: {m}\nCustomer: ok\n",
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_finding_slices_back_to_its_matched_text(name, default_linter):
    @EXAMPLES
    @given(message=messages(), data=st.data())
    def check(message: str, data: st.DataObject) -> None:
        source = FILES[name](message, data.draw)
        try:
            segments = read_text(name, source, ReadOptions())
        except InputError:  # a file the reader refuses, with a one-line error: not a file it accepts
            return
        for f in default_linter.lint(segments):
            assert source[f.start : f.end] == f.matched
            assert _at(source, f.line, f.column) == f.start, f
            assert _at(source, f.end_line, f.end_column) == f.end, f

    check()


ESCAPED = {
    "macros.json": lambda m: json.dumps({"macros": [{"title": "Reply", "body": m}]}),
    "replies.jsonl": lambda m: json.dumps({"text": m}) + "\n",
    "macros.yaml": lambda m: yaml.safe_dump([{"title": "Reply", "body": m}]),
}


@pytest.mark.parametrize("name", sorted(ESCAPED))
def test_escaped_lone_surrogates_are_linted_and_placed(name, default_linter):
    @EXAMPLES
    @given(
        message=messages(),
        surrogates=st.lists(st.tuples(st.integers(0, 200), st.integers(0xD800, 0xDFFF)), min_size=1, max_size=3),
    )
    def check(message: str, surrogates: list[tuple[int, int]]) -> None:
        for at, code in surrogates:
            message = message[:at] + chr(code) + message[at:]
        source = ESCAPED[name](message)
        try:
            segments = read_text(name, source, ReadOptions())
        except InputError:
            return
        for f in default_linter.lint(segments):
            assert source[f.start : f.end] == f.matched
            assert _at(source, f.line, f.column) == f.start, f

    check()


PATTERN_CHARACTERS = st.one_of(
    st.sampled_from(list("()[]|{}=.^…' -")), st.sampled_from(["...", "you", "owe", "{x}"]), CHARACTERS
)


@EXAMPLES
@given(source=st.lists(PATTERN_CHARACTERS, max_size=20).map("".join))
def test_any_pattern_parses_and_compiles_or_is_a_positioned_error(source):
    try:
        phrase = patterns.parse(source)
        patterns.compile_phrase(phrase, str.split)
    except patterns.PatternSyntaxError as exc:
        assert 0 <= exc.offset <= len(source)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@EXAMPLES
@given(source=st.lists(PATTERN_CHARACTERS, max_size=20).map("".join))
def test_any_pattern_in_a_phrasebook_loads_or_names_its_line_and_column(source, scratch):
    path = scratch / "book.yaml"
    path.write_text(f"entries:\n  - id: any\n    avoid: [{json.dumps(source)}]\n    why: w\n", encoding="utf-8")
    try:
        phrasebook.parse_file(str(path))
    except PhrasebookError as exc:
        assert exc.path == str(path)
        assert exc.line is not None and exc.column is not None, exc


YAML_PIECES = [
    "entries:",
    "moves:",
    "sequences:",
    "extends:",
    "disable:",
    "name:",
    "select:",
    "ignore:",
    "severity:",
    "fail-on:",
    "overrides:",
    "files:",
    "profile:",
    "channels:",
    "phrasebooks:",
    "include:",
    "- ",
    "  ",
    "\n",
    "id: x-one",
    "avoid: [you owe]",
    "why: w",
    "try: t",
    "fix: safe",
    "examples:",
    "bad: [You owe.]",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!int ",
    "!!binary ",
    "!x ",
    "? ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "---\n",
    "...\n",
    "2024-13-45",
    "1e999",
    "0x1F",
    "99999999999999999999",
    "~",
    "true",
    "'q'",
    '"\\ud800"',
    "#c",
    "|\n  ",
    ">-\n  ",
    "you owe {amount}",
    "[a|b]",
    "(x",
    "warning",
    "error",
    "default",
    "\t",
    "\u2028",
    "é",
]
YAML_TEXTS = st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join)
STRUCTURED = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(CHARACTERS, max_size=8) | st.sampled_from(YAML_PIECES),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(sorted(phrasebook.TOP_KEYS | phrasebook.ENTRY_KEYS | config.TOP_KEYS))
            | st.text(max_size=4),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def _loads_or_says_why(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    for load in (lambda: phrasebook.load_phrasebooks([str(path)], default=False), lambda: config.load_file(str(path))):
        try:
            load()
        except LexlintError as exc:
            assert str(path) in str(exc) or exc.path is not None, exc


@EXAMPLES
@given(text=YAML_TEXTS)
def test_any_yaml_text_loads_as_a_phrasebook_and_config_or_is_an_error(text, scratch):
    _loads_or_says_why(scratch / "any.yaml", text)


@EXAMPLES
@given(doc=STRUCTURED)
def test_any_yaml_document_loads_as_a_phrasebook_and_config_or_is_an_error(doc, scratch):
    _loads_or_says_why(scratch / "doc.yaml", yaml.safe_dump(doc, allow_unicode=True))
