"""Property tests for `--fix` round trips, in-process through the fix API the command line uses: for JSON,
YAML, CSV, HTML, Markdown and e-mail files built from text that holds phrasebook phrases, the file is valid
before and after, only the matched words change (each message reads as before with the applied rewrites in
place, and nothing else in the file moves), and a second --fix changes nothing."""

from __future__ import annotations

import csv
import email
import html
import io
import json
from email import policy
from email.message import EmailMessage
from functools import cache
from html.parser import HTMLParser

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where installed: the same YAML, faster
PROPERTIES = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
SAFE = frozenset({"safe"})
PHRASES = (
    "thx",
    "Thx",
    "asap",
    "ASAP",
    "no problem",
    "No problem",
    "per our policy",
    "you owe $40.",
    "You owe $12.50.",
    "hold on",
    "Hold on",
)
WORDS = (
    "Hi Ann,",
    "the order",
    "today",
    "we checked",
    "caf\u00e9",
    "na\u00efve",
    "\U0001f600",
    '"quoted"',
    "it's",
    "a & b",
    "5 > 3",
    "x < y",
    "back\\slash",
    "50%",
    "#1",
    "key: value",
    "- dash",
    "[box]",
    "e\u0301",
    "tab\there",
    "'single'",
    "=3D",
    "=",
    "--",
    "*stars*",
    "_under_",
)
SEPARATORS = (" ", " ", " ", ", ", ". ", "\n", "\n\n", "! ", "? ")

message = st.lists(
    st.tuples(st.sampled_from(PHRASES + WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=10
).map(lambda parts: "".join(word + sep for word, sep in parts).strip())
messages = st.lists(message, min_size=1, max_size=4)


@cache
def _lint():
    from lexlint.engine import Linter
    from lexlint.rulebook.phrasebook import load_phrasebooks

    book = load_phrasebooks([str(FIXTURES / "fix" / "properties.yaml")], default=False)
    return Linter(book).fixes


def _round_trip(name: str, before: str) -> tuple[object, list]:
    """The outcome of --fix, and each pass that changed the text: (text before it, segments read, the
    fixable hits found as (segment, hit, finding), text after it). A second --fix must change nothing."""
    from lexlint import fix

    passes: list = []

    def recording(segments):
        found = list(_lint()(segments))
        passes.append((segments, found))
        return found

    outcome = fix.fix_text(name, before, recording, SAFE)
    steps = []
    for k, (segments, found) in enumerate(passes):
        following = passes[k + 1][0][0].source if k + 1 < len(passes) and passes[k + 1][0] else outcome.after
        fixable = [(seg, hit, f) for seg, hit, f in found if hit.replacement is not None]
        if segments and following != segments[0].source:
            steps.append((segments[0].source, segments, fixable, following))
    again = fix.fix_text(name, outcome.after, _lint(), SAFE)
    assert again.after == outcome.after and again.applied == 0  # idempotent
    return outcome, steps


def _some_applied(old: str, new: str, edits: list[tuple[int, int, str]]) -> int | None:
    """How many of `edits` (spans of `old` and their new text) turn `old` into exactly `new` when some are
    applied and the rest left as they were (an applied edit hides those it overlaps); None if no choice does."""
    edits = sorted(edits)

    @cache
    def walk(k: int, i: int, j: int) -> int | None:  # edits[k:] to decide; old[i:] and new[j:] to match
        if k == len(edits):
            return 0 if old[i:] == new[j:] else None
        start, end, text = edits[k]
        if start < i:
            return walk(k + 1, i, j)
        gap = old[i:start]
        if new.startswith(gap, j) and new.startswith(text, j + len(gap)):
            rest = walk(k + 1, end, j + len(gap) + len(text))
            if rest is not None:
                return rest + 1
        return walk(k + 1, i, j)

    return walk(0, 0, 0)


def _check_values(name: str, before: str, decode) -> str:
    """The round trip of a file whose messages `decode` lists: valid after each pass, and only the matched
    words changed: each message reads as before with some of that pass's rewrites in place, as many in all
    as the fix applied."""
    outcome, steps = _round_trip(name, before)
    total = 0
    for text, segments, fixable, following in steps:
        values, now = decode(text), decode(following)
        assert len(now) == len(values)
        read = iter(segments)
        seg = next(read, None)
        for value, new in zip(values, now):
            mine = None  # the message's segment: its text, or the part of it a reader lints (a reply's own words)
            if seg is not None and value.strip() and value.startswith(seg.unmasked_text or seg.text):
                mine, seg = seg, next(read, None)
            edits = [(h.start, h.end, h.replacement) for s, h, _f in fixable if s is mine]
            applied = _some_applied(value, new, edits)
            assert applied is not None, (value, new, edits)
            total += applied
        assert seg is None  # every segment read is one of the messages, as written
    assert total == outcome.applied
    decode(outcome.after)
    return outcome.after


@PROPERTIES
@given(messages, st.booleans())
def test_json_macros(texts, ascii_only):
    before = json.dumps({f"Macro {i}": t for i, t in enumerate(texts)}, ensure_ascii=ascii_only, indent=2)
    _check_values("macros.json", before, lambda text: list(json.loads(text).values()))


@PROPERTIES
@given(messages, st.sampled_from([None, '"', "'", "|", ">"]), st.booleans())
def test_yaml_macros(texts, style, unicode):
    try:
        before = yaml.safe_dump(
            {"macros": [{"title": f"Macro {i}", "body": t} for i, t in enumerate(texts)]},
            default_style=style,
            allow_unicode=unicode,
            sort_keys=False,
            width=60,
        )
    except yaml.YAMLError:
        assume(False)

    def bodies(text: str) -> list[str]:
        return [m["body"] for m in yaml.load(text, Loader=YAML_LOADER)["macros"]]

    after = _check_values("macros.yaml", before, bodies)
    titles = [m["title"] for m in yaml.load(after, Loader=YAML_LOADER)["macros"]]
    assert titles == [f"Macro {i}" for i in range(len(texts))]


@PROPERTIES
@given(messages)
def test_csv_export(texts):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "text", "agent"])
    writer.writerows([i, t, "thx asap"] for i, t in enumerate(texts))

    def column(text: str, name: str = "text") -> list[str]:
        return [row[name] for row in csv.DictReader(io.StringIO(text, newline=""))]

    after = _check_values("replies.csv", out.getvalue(), column)
    assert column(after, "agent") == ["thx asap"] * len(texts)  # another column is never touched
    assert column(after, "id") == [str(i) for i in range(len(texts))]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, object]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        self.tags.append(("/" + tag, None))


def _tags(text: str) -> list[tuple[str, object]]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


def _exactly(name: str, before: str, escape) -> str:
    """The round trip of a file whose rewrites land as they are (escaped): each pass's new text is the old
    with some of its matches replaced and nothing else changed."""
    outcome, steps = _round_trip(name, before)
    total = 0
    for text, _segments, fixable, following in steps:
        applied = _some_applied(text, following, [(f.start, f.end, escape(h.replacement)) for _s, h, f in fixable])
        assert applied is not None, (text, following)
        total += applied
    assert total == outcome.applied
    return outcome.after


@PROPERTIES
@given(st.lists(st.tuples(message, st.sampled_from(["", "b", "a", "em"])), min_size=1, max_size=4))
def test_html_pages(paragraphs):
    parts = []
    for text, tag in paragraphs:
        words = html.escape(text, quote=False).split(" ")
        if tag and len(words) > 1:  # markup around the middle of the paragraph: a match across it is refused
            middle = len(words) // 2
            open_tag = '<a href="https://example.com/?a=1&amp;b=2">' if tag == "a" else f"<{tag}>"
            words[middle] = f"{open_tag}{words[middle]}</{tag}>"
        parts.append("<p>" + " ".join(words) + "</p>")
    before = "<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"
    after = _exactly("page.html", before, lambda t: html.escape(t, quote=False))
    assert _tags(after) == _tags(before)


@PROPERTIES
@given(
    st.lists(
        st.tuples(
            message,
            st.sampled_from(
                ["", "`code thx`", "[a link](https://example.com/thx?asap)", "<span>hello</span>", "![thx](thx.png)"]
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_markdown_drafts(paragraphs):
    before = "# Reply\n\n" + "\n\n".join(f"{text} {extra}".strip() for text, extra in paragraphs) + "\n"
    after = _exactly("reply.md", before, lambda t: t)
    for _text, extra in paragraphs:
        assert extra in after  # code, link targets, images and tags are never touched


PARTS = [
    (None, None),
    ("us-ascii", "7bit"),
    ("utf-8", "8bit"),
    ("utf-8", "quoted-printable"),
    ("iso-8859-1", "quoted-printable"),
    ("utf-8", "base64"),
    ("windows-1252", "base64"),
]


def _body(text: str) -> tuple[str, str, str]:
    """The transfer encoding, charset and decoded text of a one-part message, as a mail client reads the file."""
    msg = email.message_from_bytes(text.encode("utf-8"))
    charset = msg.get_content_charset() or "us-ascii"
    return str(msg.get("Content-Transfer-Encoding", "7bit")), charset, msg.get_payload(decode=True).decode(charset)


@PROPERTIES
@given(message, st.sampled_from(PARTS))
def test_email_replies(text, part):
    charset, encoding = part
    try:
        (text + "\n").encode(charset or "us-ascii")
    except UnicodeEncodeError:
        assume(False)
    if charset is None:
        before = f"From: a@example.com\nTo: b@example.org\nSubject: Re: order\n\n{text}\n"
    else:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "a@example.com", "b@example.org", "Re: order"
        msg.set_content(text + "\n", charset=charset, cte=encoding)
        before = msg.as_string(policy=policy.default.clone(linesep="\n"))
    after = _check_values("reply.eml", before, lambda t: [_body(t)[2]])
    assert _body(after)[:2] == _body(before)[:2]  # the part's transfer encoding and charset as declared
    assert all(len(line) <= 998 for line in after.splitlines())
