"""LanguageTool's API on a real `lexlint serve`: a LanguageTool client library gets our matches and
replacements, offsets count UTF-16 code units (emoji, markup), and the response has LanguageTool's shape."""

from __future__ import annotations

import json

import httpx
import pytest
from servers import Server

OWES = "Hi Sam, thanks for writing in. You owe $40 on this account. No problem!"
MATCH_KEYS = [
    "message",
    "shortMessage",
    "replacements",
    "offset",
    "length",
    "context",
    "sentence",
    "type",
    "rule",
    "ignoreForIncompleteSentence",
    "contextForSureMatch",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    running = Server(cwd=tmp_path_factory.mktemp("languagetool"))
    yield running
    running.stop()


def check(server: Server, **form: str) -> httpx.Response:
    return httpx.post(f"{server.url}/v2/check", data={"language": "en-US", **form}, timeout=30)


def utf16(text: str, offset: int, length: int) -> str:
    """What a client that counts UTF-16 code units (JavaScript, Java) finds at offset, length."""
    return text.encode("utf-16-le")[2 * offset : 2 * (offset + length)].decode("utf-16-le")


def test_a_languagetool_client_library_gets_our_matches_and_replacements(server: Server):
    language_tool_python = pytest.importorskip("language_tool_python")
    with language_tool_python.LanguageTool("en-US", remote_server=server.url) as tool:
        matches = tool.check(OWES)
        by_rule = {m.rule_id: m for m in matches}
        assert {"you-owe", "no-problem"} <= set(by_rule)
        owe = by_rule["you-owe"]
        assert OWES[owe.offset : owe.offset + owe.error_length] == "You owe $40"
        assert owe.replacements == ["Our records show a balance of $40"]
        assert owe.category == "LEXLINT_PHRASEBOOK" and owe.rule_issue_type == "style"
        assert "accusation" in owe.message
        corrected = tool.correct("You owe $40 on this account.")
        tool.disabled_rules.update({"you-owe"})
        assert "you-owe" not in {m.rule_id for m in tool.check(OWES)}
    fixed = httpx.post(f"{server.url}/v1/fix", json={"text": "You owe $40 on this account."}).json()["text"]
    assert corrected == fixed == "Our records show a balance of $40 on this account."


def test_the_response_has_languagetools_shape(server: Server):
    answer = check(server, text=OWES)
    assert answer.status_code == 200
    doc = answer.json()
    assert list(doc) == ["software", "warnings", "language", "matches", "sentenceRanges"]
    assert {"name", "version", "buildDate", "apiVersion"} <= set(doc["software"])
    assert doc["software"]["name"] == "lexlint" and doc["software"]["apiVersion"] == 1
    assert doc["language"]["code"] == "en-US" and doc["language"]["name"] == "English (US)"
    assert doc["language"]["detectedLanguage"]["code"] == "en-US"
    match = next(m for m in doc["matches"] if m["rule"]["id"] == "you-owe")
    assert list(match) == MATCH_KEYS
    assert match["replacements"] == [{"value": "Our records show a balance of $40"}]
    assert match["sentence"] == "You owe $40 on this account."
    assert match["type"] == {"typeName": "Other"}
    assert set(match["rule"]) >= {"id", "description", "issueType", "category"}
    assert match["rule"]["category"] == {"id": "LEXLINT_PHRASEBOOK", "name": "Phrasebook"}
    context = match["context"]
    assert context["text"][context["offset"] : context["offset"] + context["length"]] == "You owe $40"
    assert [OWES[s:e] for s, e in doc["sentenceRanges"]][1] == "You owe $40 on this account."


def test_offsets_count_utf16_code_units_past_emoji(server: Server):
    text = "👋🏽 Hi Sam! 🙏 Thanks for waiting. You owe $40 on this account 😀. No problem!"
    matches = {m["rule"]["id"]: m for m in check(server, text=text).json()["matches"]}
    owe, problem = matches["you-owe"], matches["no-problem"]
    assert utf16(text, owe["offset"], owe["length"]) == "You owe $40"
    assert utf16(text, problem["offset"], problem["length"]) == "No problem"
    assert owe["offset"] == text.index("You owe") + 3  # three characters before it take two code units
    ctx = owe["context"]
    assert utf16(ctx["text"], ctx["offset"], ctx["length"]) == "You owe $40"


def test_markup_in_data_counts_in_offsets_and_is_not_linted(server: Server):
    annotation = [
        {"markup": '<p title="You owe $40">'},
        {"text": "Hi Sam, thanks for writing in."},
        {"markup": "</p>", "interpretAs": "\n\n"},
        {"markup": "<p>"},
        {"text": "You owe $40 on this account."},
        {"markup": "</p>"},
    ]
    whole = "".join(item.get("text", item.get("markup", "")) for item in annotation)
    matches = check(server, data=json.dumps({"annotation": annotation})).json()["matches"]
    owes = [m for m in matches if m["rule"]["id"] == "you-owe"]
    assert [whole[m["offset"] : m["offset"] + m["length"]] for m in owes] == ["You owe $40"]  # not the title's
    plain = check(server, data=json.dumps({"text": "You owe $40 on this account."})).json()["matches"]
    assert [m["offset"] for m in plain if m["rule"]["id"] == "you-owe"] == [0]


def test_rules_and_categories_can_be_enabled_and_disabled(server: Server):
    def rules(**form: str) -> set[str]:
        return {m["rule"]["id"] for m in check(server, text=OWES, **form).json()["matches"]}

    everything = rules()
    assert {"you-owe", "no-problem"} <= everything
    assert "you-owe" not in rules(disabledRules="you-owe")
    assert rules(enabledRules="you-owe", enabledOnly="true") == {"you-owe"}
    assert rules(disabledCategories="LEXLINT_PHRASEBOOK") == everything - rules(
        enabledCategories="LEXLINT_PHRASEBOOK", enabledOnly="true"
    )
    assert rules(enabledCategories="billing", enabledOnly="true") == {"you-owe"}  # a tag names a category too


def test_languages_are_listed_as_languagetool_lists_them(server: Server):
    listed = httpx.get(f"{server.url}/v2/languages").json()
    assert {"name": "English (US)", "code": "en", "longCode": "en-US"} in listed
    assert all(set(item) == {"name", "code", "longCode"} for item in listed)
    assert check(server, text=OWES, language="en-GB").json()["language"]["name"] == "English (GB)"
    assert check(server, text=OWES, language="auto").json()["language"]["code"] == "en-US"


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"text": "x", "data": "{}"}, "not both"),
        ({}, "Missing 'text' or 'data'"),
        ({"data": "{not json"}, "Could not parse JSON"),
        ({"data": "[" * 200_000}, "Could not parse JSON"),
        ({"data": json.dumps({"annotation": [{"text": "a", "markup": "b"}]})}, "Only either"),
        ({"text": "x", "language": "de-DE"}, "English only"),
        ({"text": "x", "enabledOnly": "true"}, "enabledOnly"),
    ],
)
def test_a_bad_check_request_is_400_in_json(server: Server, form: dict[str, str], says: str):
    answer = httpx.post(f"{server.url}/v2/check", data={"language": "en-US", **form})
    assert answer.status_code == 400
    assert says in answer.json()["error"]


def test_a_form_that_is_not_utf8_or_holds_lone_surrogates_is_still_answered(server: Server):
    answer = httpx.post(
        f"{server.url}/v2/check",
        content=b"language=en-US&text=You%20owe%20%2440%20%FF%20now.",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 200 and answer.json()["matches"]
    lone = httpx.post(f"{server.url}/v2/check", data={"language": "en-US", "data": '{"text": "You owe $4 \\ud800."}'})
    assert lone.status_code == 200
    native = httpx.post(f"{server.url}/v1/lint", content=b'{"text": "You owe $4 \\ud800."}')
    assert native.status_code == 200 and native.json()["findings"]


def test_the_languagetool_routes_are_in_the_openapi_document(server: Server):
    paths = httpx.get(f"{server.url}/openapi.json").json()["paths"]
    assert "application/x-www-form-urlencoded" in paths["/v2/check"]["post"]["requestBody"]["content"]
    assert "/v2/languages" in paths
