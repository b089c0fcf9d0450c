"""Placeholder masking and the placeholders check: drafts vs templates, on fixtures and the real macro library."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from lexlint.checks import placeholders
from lexlint.sources import ReadOptions, read_file, read_text
from lexlint.sources.segments import Segment
from lexlint.sources.templates import mask

from conftest import CORPUS

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


def found(segment: Segment) -> list[tuple[str, str, str]]:
    """(rule, severity, file characters) for each hit, mapped back into the file."""
    out = []
    for hit in placeholders.check(None, segment, None):
        start, end = segment.offsets.span(hit.start, hit.end)
        out.append((hit.rule, hit.severity, segment.source[start:end]))
    return out


@pytest.mark.parametrize(
    ("template", "tokens"),
    [
        ("Hi {{first_name}},", ["Hi", "NAME", ","]),
        ('Hi {{user.name|fallback:"there"}}!', ["Hi", "NAME", "!"]),
        ("Hi {%customer.firstName,fallback=there%}, thanks.", ["Hi", "NAME", ",", "thanks", "."]),
        ("Case {!Case.Id} is closed.", ["Case", "NAME", "is", "closed", "."]),
        ("Hi {{{name}}}.", ["Hi", "NAME", "."]),
        ("{% if vip %}Thanks{% endif %}.", ["Thanks", "."]),
        ("{{#if vip}}Thanks{{/if}}.", ["Thanks", "."]),
    ],
)
def test_placeholders_mask_to_one_same_length_word(template: str, tokens: list[str], nlp: Language) -> None:
    masked = mask(template)
    assert len(masked.text) == len(template)
    words = [t.text for t in nlp(masked.text) if not t.is_space]
    assert ["NAME" if w.startswith("Xx") else w for w in words] == tokens


def test_draft_leftovers_are_errors() -> None:
    assert found(read_text(str(FIXTURES / "reply_qp.eml"), read_file(str(FIXTURES / "reply_qp.eml")))[0]) == [
        ("leftover-placeholder", "error", "[Customer Name]")
    ]
    text = "Hi {{first_name}}, your code is XXXX. Sign here: ____. See [the docs](x) and [sic].\n"
    [seg] = read_text("draft.txt", text, ReadOptions())
    assert [f[2] for f in found(seg)] == ["{{first_name}}", "XXXX", "____"]


def test_templates_flag_only_malformed_placeholders() -> None:
    segments = {
        s.name: s
        for s in read_text(str(FIXTURES / "zendesk_export.json"), read_file(str(FIXTURES / "zendesk_export.json")))
    }
    assert found(segments["Refund::Issued"]) == []  # a well-formed placeholder is fine in a macro
    assert found(segments["HTML reply"]) == [("malformed-placeholder", "error", "{{ticket.requester.first_name}")]
    [seg] = read_text("t.md", "Thanks }} and {% if x\nand {!Case.Id\n", ReadOptions())
    assert [f[2] for f in found(seg)] == ["}}", "{% if x", "{!Case.Id"]


def test_markdown_code_is_not_checked() -> None:
    [seg] = read_text("t.md", "Use `{{broken}` in code.\n\n```\n{{also_broken}\n```\n", ReadOptions())
    assert found(seg) == []


@pytest.mark.skipif(not (CORPUS / "paysend_macros.json").exists(), reason="shared corpus not present")
def test_runs_of_x_in_a_macro_library_are_expected_placeholders() -> None:
    segments = read_text(str(CORPUS / "paysend_macros.json"), read_file(str(CORPUS / "paysend_macros.json")))
    assert any("XXXX" in s.text for s in segments)
    assert [f for s in segments for f in found(s)] == []


@pytest.mark.parametrize(
    "text",
    [
        "Call me at XXXX.",
        "Sign: ____",
        "Dear [Customer Name],",
        "[first_name] hi",
        "Thanks }}",
        "Hi {{name",
        "{% if x",
        "odd %} end",
        "Case {!Case.Id",
        "plain words",
        "xxxx and __ and [sic]",
        "{{ok}} fine",
    ],
)
def test_the_quick_checks_before_the_placeholder_searches_skip_nothing(text: str):
    from lexlint.sources import templates

    assert templates.blanks(text) == [m.span() for m in templates.BLANK.finditer(text)]
    assert templates.malformed(text) == [m.span() for m in templates.MALFORMED.finditer(text)]
