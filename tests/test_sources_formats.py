"""Every reader on a real fixture: the words a customer reads, and exact positions back in the file."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexlint.sources import ReadOptions, pick_reader, read_file, read_text
from lexlint.sources.segments import LineIndex, Segment
from lexlint.sources.templates import neutral_word

from conftest import CORPUS, lexlint

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def read(name: str, **options: object) -> list[Segment]:
    path = str(FIXTURES / name)
    return read_text(path, read_file(path), ReadOptions(**options))  # type: ignore[arg-type]


def file_chars(segment: Segment, word: str) -> str:
    """What the file holds where the segment's `word` came from (segment span mapped back, sliced out)."""
    i = segment.text.index(word)
    start, end = segment.offsets.span(i, i + len(word))
    return segment.source[start:end]


def at_line_column(path: Path, segment: Segment, word: str) -> str:
    """The file sliced at the 1-based (line, column)–(end_line, end_column) a finding on `word` reports."""
    i = segment.text.index(word)
    start, end = segment.offsets.span(i, i + len(word))
    index = LineIndex(segment.source)
    (line, col), (end_line, end_col) = index.position(start), index.position(end)
    lines = path.read_bytes().decode("utf-8-sig").split("\n")
    if line == end_line:
        return lines[line - 1][col - 1 : end_col - 1]
    middle = lines[line : end_line - 1]
    return "\n".join([lines[line - 1][col - 1 :], *middle, lines[end_line - 1][: end_col - 1]])


def by_name(segments: list[Segment]) -> dict[str | None, Segment]:
    return {s.name: s for s in segments}


def test_text_draft_with_crlf_bom_and_non_ascii() -> None:
    path = FIXTURES / "draft_crlf_bom.txt"
    [seg] = read("draft_crlf_bom.txt")
    assert seg.source == path.read_bytes().decode("utf-8-sig")
    assert seg.draft and seg.channel == "text"
    for word in ("I’m sorry", "café order", "days.\r\n\r\nThanks", "Zoë"):
        assert file_chars(seg, word) == word
    assert at_line_column(path, seg, "Zoë") == "Zoë"
    assert at_line_column(path, seg, "tracking page") == "tracking page"
    assert "lexlint-disable" not in seg.text  # the directive is not prose
    [sup] = seg.suppressions
    assert sup.rules == ("you-should",)
    assert seg.text[sup.start : sup.end].startswith("You should see the refund")
    assert seg.source[sup.file_start : sup.file_end].startswith("lexlint-disable-next-line you-should")


def test_markdown_masks_code_urls_and_comments() -> None:
    path = FIXTURES / "reply.md"
    [seg] = read("reply.md")
    assert len(seg.text) == len(seg.source)
    for gone in ("reset --hard", "https://example.com", "This is code", 'Refunds"', "lexlint-"):
        assert gone not in seg.text
    assert "the refund policy" in seg.text and "for updates" in seg.text
    assert at_line_column(path, seg, "Naïve café owners") == "Naïve café owners"
    assert seg.text[seg.placeholders[0][0] : seg.placeholders[0][1]] == "Xxxxxxxxxxxxxx"
    assert file_chars(seg, "Xxxxxxxxxxxxxx") == "{{first_name}}"
    [sup] = seg.suppressions
    assert sup.rules == ("you-owe",)
    assert "You owe nothing further" in seg.text[sup.start : sup.end]
    assert not seg.draft


def test_html_visible_text_entities_and_blocks() -> None:
    path = FIXTURES / "macro_body.html"
    [seg] = read("macro_body.html")
    assert "color" not in seg.text and "You owe us" not in seg.text and "Refund macro" not in seg.text
    assert "Calm down — we’ve refunded your café order & the fee." in seg.text
    assert f"Hi {neutral_word(31)},\n\nCalm down" in seg.text  # block elements break sentences
    assert file_chars(seg, "—") == "&mdash;"
    assert file_chars(seg, "we’ve") == "we&#8217;ve"
    assert file_chars(seg, "café order & the") == "caf&eacute; order &amp; the"
    assert file_chars(seg, ".\n\nThanks") == ".<br>Thanks"
    assert at_line_column(path, seg, "Your reference is") == "Your reference is"
    [sup] = seg.suppressions
    assert sup.rules == ("calm-down",) and "Calm down" in seg.text[sup.start : sup.end]


def test_email_plain_part_quote_and_signature() -> None:
    path = FIXTURES / "reply_qp.eml"
    [seg] = read("reply_qp.eml")
    assert seg.name == "Re: Refund for order 1042" and seg.channel == "email" and seg.draft
    assert "HTML version" not in seg.text  # plain part preferred
    assert "coffee was cold" not in seg.text and "Support Team" not in seg.text
    assert seg.context.startswith("My order 1042 arrived two days late")
    assert file_chars(seg, "I’m") == "I=E2=80=99m"
    assert file_chars(seg, "café") == "caf=C3=A9"
    assert file_chars(seg, "the email") == "the =\r\nemail"
    assert at_line_column(path, seg, "I have refunded") == "I have refunded"


def test_email_html_only_part() -> None:
    raw = (FIXTURES / "macro_body.html").read_text()
    eml = f"Subject: Hi\nContent-Type: text/html; charset=utf-8\n\n{raw}"
    segments = pick_reader("x.eml", eml, ReadOptions()).read("x.eml", eml, ReadOptions())
    [seg] = segments
    assert file_chars(seg, "café order") == "caf&eacute; order"


def test_zendesk_export_escapes_map_into_json_characters() -> None:
    path = FIXTURES / "zendesk_export.json"
    segments = by_name(read("zendesk_export.json"))
    assert set(segments) == {"Refund::Issued", "Shipping delay", "HTML reply"}  # internal note skipped
    refund = segments["Refund::Issued"]
    assert refund.channel == "macro" and not refund.draft
    assert file_chars(refund, ",\n\nWe've") == ",\\n\\nWe've"
    assert file_chars(refund, '"full"') == '\\"full\\"'
    assert file_chars(refund, "café") == "caf\\u00e9"
    assert file_chars(refund, neutral_word(31)) == "{{ticket.requester.first_name}}"
    assert at_line_column(path, refund, "café order.\nYou") == "caf\\u00e9 order.\\nYou"
    shipping = segments["Shipping delay"]
    assert file_chars(shipping, "🙏") == "\\ud83d\\ude4f"
    assert file_chars(shipping, "ships today") == "ships today"
    html = segments["HTML reply"]
    assert "<p>" not in html.text
    assert file_chars(html, "patience & understanding") == "patience &amp; understanding"


def test_yaml_export_styles_map_into_the_file() -> None:
    path = FIXTURES / "zendesk_macros.yaml"
    segments = by_name(read("zendesk_macros.yaml"))
    assert set(segments) == {"Refund issued", "Quoted", "Folded"}
    assert file_chars(segments["Refund issued"], "We've refunded your café order") == "We've refunded your café order"
    quoted = segments["Quoted"]
    assert file_chars(quoted, "one\nWe're") == "one\\nWe're"
    assert file_chars(quoted, '"sorry" é') == '\\"sorry\\" \\u00e9'
    folded = segments["Folded"]
    assert folded.text.startswith("Thanks for waiting, your parcel")
    assert at_line_column(path, folded, "your parcel ships") == "your parcel ships"


@pytest.mark.parametrize(
    ("name", "titles", "word", "chars"),
    [
        ("zendesk_single.json", {"Greeting"}, "thanks for reaching out", "thanks for reaching out"),
        ("zendesk_dynamic_content.json", {"closing (1)", "closing (8)"}, "contactés", "contact\\u00e9s"),
        ("freshdesk_canned.json", {"Password reset", "Billing"}, "page.", "page."),
        ("helpscout_saved_replies.json", {"Welcome", "Welcome (chat)"}, "welcome aboard", "welcome aboard"),
        ("intercom_saved_replies.json", {"Order status"}, "on its way", "on its way"),
        ("front_templates.json", {"Apology"}, "inconvenience.\n\nNo problem", "inconvenience.</div><div>No problem"),
        ("gorgias_macros.json", {"Where is my order"}, "your order shipped", "your order shipped"),
    ],
)
def test_helpdesk_shapes(name: str, titles: set[str], word: str, chars: str) -> None:
    segments = read(name)
    assert {s.name for s in segments} == titles
    assert any(word in s.text and file_chars(s, word) == chars for s in segments)


def test_freshdesk_plain_content_preferred_and_placeholders_masked() -> None:
    segments = by_name(read("freshdesk_canned.json"))
    reset = segments["Password reset"]
    assert "<div>" not in reset.text and file_chars(reset, "Please reset") == "Please reset"
    assert [reset.text[a:b] for a, b in reset.placeholders] == [neutral_word(len("{{ticket.requester.name}}"))]


def test_helpscout_placeholder_reads_as_a_word() -> None:
    chat = by_name(read("helpscout_saved_replies.json"))["Welcome (chat)"]
    assert chat.text.startswith("Hi Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx! How")
    assert file_chars(chat, chat.text[3:40]) == "{%customer.firstName,fallback=there%}"


def test_field_selectors_pick_any_shape() -> None:
    segments = read("custom_export.json", fields=("library.macros[*].reply.body",))
    assert [s.name for s in segments] == ["library.macros[0].reply.body", "library.macros[1].reply.body"]
    assert file_chars(segments[1], "new size") == "new size"
    [first] = read("custom_export.json", fields=("library.macros[0].*.body",))
    assert first.text.startswith("Print the attached label")


def test_csv_quoted_fields_and_context() -> None:
    path = FIXTURES / "replies.csv"
    first, second = read("replies.csv")
    assert first.name == "row 2" and first.context == "My parcel never came"
    assert file_chars(first, '"no worries" —') == '""no worries"" —'
    assert file_chars(first, "sent it.\r\nAnything") == "sent it.\r\nAnything"
    assert at_line_column(path, first, "we’ve sent") == "we’ve sent"
    assert second.context == 'Why is this "so" slow?'
    assert at_line_column(path, second, "Calm down") == "Calm down"
    authors = read("replies.csv", column="author", context_field="id")
    assert [(s.text, s.context) for s in authors] == [("Acme", "1"), ("Acme", "2")]


def test_jsonl_field_and_context() -> None:
    path = FIXTURES / "replies.jsonl"
    first, second = read("replies.jsonl")
    assert first.context == "Charged twice" and second.context == ""
    assert file_chars(first, "Ana — we've") == "Ana \\u2014 we\\u0027ve"
    assert file_chars(first, '"both" orders.\nThanks') == '\\"both\\" orders.\\nThanks'
    assert at_line_column(path, second, "café orders") == "café orders"
    assert second.name == "line 3"


def _placed(segments: list[Segment]) -> list[tuple]:
    """Each segment as the checks and reports see it, with the file position of every character."""
    return [
        (
            s.name,
            s.text,
            s.context,
            s.channel,
            s.suppressions,
            s.placeholders,
            [(s.offsets.start(i), s.offsets.end(i)) for i in range(len(s.text))],
        )
        for s in segments
    ]


def _fast_and_slow_agree(path: Path) -> list[Segment]:
    """A flat row is read by json's C parser and only its text is placed; the reader that places every
    string, which --field uses, must give the same segments."""
    fast = read_text(str(path), read_file(str(path)))
    assert _placed(fast) == _placed(read_text(str(path), read_file(str(path)), ReadOptions(fields=("text",))))
    return fast


def test_jsonl_rows_read_fast_are_placed_as_every_string_is(tmp_path: Path) -> None:
    rows = [
        '{"id": 1, "text": "Hi \\"Ann\\",\\n\\u00e9t\\u00e9 \\ud83d\\ude00 you owe $40."}',
        '{"note": "\\"text\\": \\"not me\\"", "text" :\t"You owe $1.", "customer_text": "Why?"}',
        '{"text": "You owe $2 (a key written twice is an error: tests/test_hostile_inputs.py)."}',
        '{"meta": {"text": "nested"}, "text": "You owe $3."}',
        '{"t\\u0065xt": "You owe $4 (an escaped key)."}',
        '{"text": 5, "context": "no text to lint"}',
        '  {"text": "You owe $7.", "n": [1, 2]}  ',
        '["not", "an", "object"]',
        '{"text": "caf\u00e9 \u2014 You owe $8.", "context": "Where is it?"}',
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    segments = _fast_and_slow_agree(path)
    assert [s.name for s in segments] == ["line 1", "line 2", "line 3", "line 4", "line 5", "line 7", "line 9"]
    assert segments[2].text.startswith("You owe $2 (a key") and segments[1].context == "Why?"
    assert file_chars(segments[0], "Ann") == "Ann" and file_chars(segments[0], "été") == "\\u00e9t\\u00e9"


def test_corpus_jsonl_rows_read_fast_are_placed_as_every_string_is(corpus: Path) -> None:
    # 5,000 rows; 260 of them are parts of 122 replies sent as several tweets, each read as one message
    assert len(_fast_and_slow_agree(corpus / "twcs_agent_replies.jsonl")) == 4862


def test_a_reply_sent_as_several_tweets_is_read_as_one_message_in_the_order_sent(tmp_path: Path) -> None:
    rows = [
        {
            "author_id": "Acme",
            "created_at": "Thu Nov 30 04:31:18 +0000 2017",
            "in_response_to_tweet_id": 5,
            "text": "@1 2/2 I've issued a refund today. You owe $40 now.",
            "customer_text": "My charger was missing.",
        },
        {
            "author_id": "Acme",
            "created_at": "Thu Nov 30 04:31:17 +0000 2017",
            "in_response_to_tweet_id": 6,
            "text": "@2 I've issued a refund today.",
            "customer_text": "My charger was missing.",
        },
        {
            "author_id": "Acme",
            "created_at": "Thu Nov 30 04:31:10 +0000 2017",
            "in_response_to_tweet_id": 5,
            "text": "@1 1/2 I'm so sorry the charger was missing.",
            "customer_text": "My charger was missing.",
        },
    ]
    path = tmp_path / "thread.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    segments = _fast_and_slow_agree(path)
    assert [s.name for s in segments] == ["lines 3, 1", "line 2"]
    assert segments[0].text.startswith("@1 1/2 I'm so sorry") and "@1 2/2" in segments[0].text
    found = json.loads(lexlint("check", str(path), "--format", "json", "--no-cache").out)["findings"]
    # the apology in the first tweet and the refund in the second count together; the lone refund does not
    assert [(f["line"], f["rule"]) for f in found] == [(1, "you-owe"), (2, "empathy-before-fix")]
    assert found[0]["matched"] == "You owe $40"
    fixed = lexlint("check", "--fix", str(path))
    assert fixed.code in (0, 1), fixed.err
    after = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert after[0]["text"] == "@1 2/2 I've issued a refund today. Our records show a balance of $40 now."
    assert [r["text"] for r in after[1:]] == [r["text"] for r in rows[1:]]


def test_a_joined_reply_takes_the_customers_message_from_any_part_and_orders_zoneless_times_as_utc(
    tmp_path: Path,
) -> None:
    rows = [
        {
            "author_id": "S",
            "in_response_to_tweet_id": "9",
            "created_at": "2017-10-31T22:05:00+00:00",
            "text": "Part two.",
        },
        {
            "author_id": "S",
            "in_response_to_tweet_id": "9",
            "created_at": "2017-10-31T22:00:00",
            "text": "Part one.",
            "customer_text": "Can you reset my password?",
        },
    ]
    path = tmp_path / "thread.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    [segment] = _fast_and_slow_agree(path)
    assert segment.text == "Part one.\n\nPart two." and segment.context == "Can you reset my password?"


def test_phone_script_is_one_message_of_the_agent_turns_with_the_customer_turns_kept() -> None:
    [call] = read("phone_script.txt")
    assert call.channel == "phone" and call.name is None
    assert "parcel is a week late" not in call.text and "Phone script" not in call.text
    assert [(t.agent, t.said) for t in call.turns] == [
        (False, "My parcel is a week late and nobody answers."),
        (True, ""),
        (True, ""),
        (False, "Thanks."),
        (True, ""),
    ]
    assert call.context == "My parcel is a week late and nobody answers.\n\nThanks."
    assert call.answering(call.text.index("welcome")) == "Thanks."
    assert call.answering(call.text.index("Calm")) == "My parcel is a week late and nobody answers."
    assert file_chars(call, "Renée") == "Renée"
    assert at_line_column(FIXTURES / "phone_script.txt", call, "sent a replacement") == "sent a replacement"
    # each turn opens a paragraph of its own: the labels never run two turns into one sentence
    assert "Agent:" not in call.text and "\n\n      Calm down" in call.text


def test_chat_script_in_markdown() -> None:
    [chat] = read("chat_script.md")
    assert [t.said for t in chat.turns if not t.agent] == [
        "I was charged twice for the same order!",
        "That's too long.",
    ]
    assert "`5`" not in chat.text and "business days" in chat.text and "**Agent:**" not in chat.text
    assert file_chars(chat, "I've escalated") == "I've escalated"


@pytest.mark.skipif(not (CORPUS / "paysend_macros.json").exists(), reason="shared corpus not present")
def test_zendesk_export_built_from_paysend_macros(tmp_path: Path) -> None:
    library = json.loads((CORPUS / "paysend_macros.json").read_text(encoding="utf-8"))
    export = {
        "macros": [
            {"id": i, "title": title, "actions": [{"field": "comment_value", "value": ["channel:all", body]}]}
            for i, (title, body) in enumerate(library.items())
        ],
        "next_page": None,
        "count": len(library),
    }
    path = tmp_path / "paysend_export.json"
    path.write_text(json.dumps(export, indent=2), encoding="utf-8")  # ASCII: every ’ and é is a \\u escape
    segments = read_text(str(path), read_file(str(path)))
    assert [s.name for s in segments] == [t for t, body in library.items() if body.strip()]
    for seg, body in zip(segments, (b for b in library.values() if b.strip())):
        assert seg.text == body or seg.placeholders  # decoded exactly (placeholders masked)
        for i in range(0, len(seg.text), 5):
            start, end = seg.offsets.span(i, i + 1)
            assert json.loads(f'"{seg.source[start:end]}"') == body[i]


@pytest.mark.skipif(not (CORPUS / "paysend_macros.json").exists(), reason="shared corpus not present")
def test_flat_title_map_from_the_corpus() -> None:
    segments = read_text(str(CORPUS / "paysend_macros.json"), read_file(str(CORPUS / "paysend_macros.json")))
    assert len(segments) > 200 and segments[0].name == "You are welcome"
    x_macro = next(s for s in segments if "XXXXXXX" in s.text)
    assert file_chars(x_macro, "XXXXXXX") == "XXXXXXX"


@pytest.mark.skipif(not (CORPUS / "twcs_agent_replies.jsonl").exists(), reason="shared corpus not present")
def test_corpus_exports_read_with_context() -> None:
    replies = read_text(str(CORPUS / "twcs_agent_replies.jsonl"), read_file(str(CORPUS / "twcs_agent_replies.jsonl")))
    assert len(replies) == 4862 and sum(bool(s.context) for s in replies) > 1000  # 5,000 rows, threads joined
    rows = read_text(
        str(CORPUS / "brand_replies_applesupport.csv"), read_file(str(CORPUS / "brand_replies_applesupport.csv"))
    )
    assert len(rows) > 10000 and rows[0].text.startswith("@")
    assert file_chars(rows[0], rows[0].text[:20]) == rows[0].text[:20]


@given(
    st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 30)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_twitters_time_is_read_as_strptime_reads_it(when: datetime, minutes: int):
    from lexlint.sources.jsonl import TIME_FORMATS, parse_time

    written = when.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes))).strftime(TIME_FORMATS[0])
    assert parse_time(written) == datetime.strptime(written, TIME_FORMATS[0]).timestamp()


@pytest.mark.parametrize(
    "written",
    ["Mon Jan 01 10:00:00 +0060 2017", "Mon Jan ٠٥ 10:00:00 +0000 2017", "Mon Jan 05 ٢٣:00:00 +0000 2017"],
)
def test_a_time_strptime_refuses_is_no_time(written: str):
    from lexlint.sources.jsonl import parse_time

    assert parse_time(written) is None
