"""Valid inputs read right: YAML anchors, tags, merge keys and several documents; a no-break space; CR-only
line endings; a JSON key or CSV column written twice; and a cache that knows which spaCy made its findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexlint.sources.segments import LINE_BREAK

from conftest import lexlint


def _findings(path: Path, *args: str) -> list[dict]:
    ran = lexlint("check", "--no-cache", "--format", "json", str(path), *args)
    assert ran.code in (0, 1), ran.err
    return json.loads(ran.out)["findings"]


def _at(text: str, line: int, column: int) -> int:
    """The offset of a 1-based line and column, lines ended by \\r\\n, \\n or a lone \\r."""
    starts = [0, *(m.end() for m in LINE_BREAK.finditer(text))]
    return starts[line - 1] + column - 1


def _slices_back(path: Path, found: dict) -> str:
    text = path.read_text(encoding="utf-8")
    return text[_at(text, found["line"], found["column"]) : _at(text, found["end_line"], found["end_column"])]


@pytest.mark.parametrize(
    "body",
    [
        "&reply You owe $5 on this account.",
        "!!str You owe $5 on this account.",
        '&reply !!str "You owe $5 on this account."',
        "!!str &reply\n    You owe $5 on this account.",
        "&reply |\n    You owe $5 on this account.",
    ],
)
def test_a_scalar_with_an_anchor_or_tag_is_placed_right(tmp_path, body):
    path = tmp_path / "macros.yaml"
    path.write_text(f"- title: Balance\n  body: {body}\n", encoding="utf-8")
    [found] = [f for f in _findings(path) if f["rule"] == "you-owe"]
    assert found["matched"] == "You owe $5"
    assert _slices_back(path, found) == "You owe $5"


def test_merge_keys_and_several_documents_are_read(tmp_path):
    path = tmp_path / "macros.yaml"
    path.write_text(
        "defaults: &defaults\n  title: Billing\n  body: Thanks for writing in.\n"
        "macros:\n  - <<: *defaults\n    body: You owe $5 on this account.\n"
        "---\n- title: Hold\n  body: Please hold while I check.\n",
        encoding="utf-8",
    )
    found = _findings(path)
    assert [(f["rule"], f["line"]) for f in found if f["rule"] in ("you-owe", "please-hold")] == [
        ("you-owe", 6),
        ("please-hold", 9),
    ]
    assert all(_slices_back(path, f) == f["matched"] for f in found)


def test_a_merge_into_a_phrasebook_entry_is_read(tmp_path):
    book = tmp_path / "acme.yaml"
    book.write_text(
        "entries:\n  - &base\n    id: owe-less\n    avoid: [you owe]\n    why: Reads as an accusation.\n"
        "    severity: error\n  - <<: *base\n    id: pay-now\n    avoid: [pay now]\n",
        encoding="utf-8",
    )
    ran = lexlint("rules", "--no-default", "-p", str(book))
    assert ran.code == 0, ran.err
    assert ran.out.split() == ["owe-less", "error", "you", "owe", "pay-now", "error", "pay", "now"]


@pytest.mark.parametrize(
    "name,content,matched",
    [
        ("reply.html", "<p>You&nbsp;owe $5 on this account.</p>\n", "You&nbsp;owe $5"),
        ("reply.txt", "You\u00a0owe $5 on this account.\n", "You\u00a0owe $5"),
        (
            "macros.json",
            '{"macros": [{"title": "a", "body": "You\\u00a0owe $5 on this account."}]}',
            "You\\u00a0owe $5",
        ),
    ],
)
def test_a_no_break_space_does_not_hide_a_phrase(tmp_path, name, content, matched):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [found] = [f for f in _findings(path) if f["rule"] == "you-owe"]
    assert found["matched"] == matched
    assert found["suggestion"].startswith("Our records show a balance of $5")


def test_fixing_a_phrase_with_a_no_break_space_keeps_the_markup(tmp_path):
    path = tmp_path / "reply.html"
    path.write_text("<p>Hi Sam,</p>\n<p>You&nbsp;owe $5 on this account.</p>\n", encoding="utf-8")
    ran = lexlint("check", "--no-cache", "--fix", str(path))
    assert ran.code in (0, 1), ran.err
    assert (
        path.read_text(encoding="utf-8") == "<p>Hi Sam,</p>\n<p>Our records show a balance of $5 on this account.</p>\n"
    )


def test_cr_only_line_endings_give_the_right_lines(tmp_path):
    text = tmp_path / "reply.txt"
    text.write_bytes(b"Hi Sam,\r\rThanks for writing in.\rYou owe $5 on this account.\r")
    [found] = [f for f in _findings(text) if f["rule"] == "you-owe"]
    assert (found["line"], found["column"]) == (4, 1)
    assert _slices_back(text, found) == "You owe $5"
    shown = lexlint("check", "--no-cache", str(text)).out
    assert "4 | You owe $5 on this account." in shown


def test_a_cr_only_csv_is_read_row_by_row(tmp_path):
    path = tmp_path / "replies.csv"
    path.write_bytes(b'id,text\r1,Thanks for writing in.\r2,"Hi,\rYou owe $5 on this account."\r3,Please hold.\r')
    found = [f for f in _findings(path) if f["rule"] in ("you-owe", "please-hold")]
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("you-owe", 4, 1), ("please-hold", 5, 3)]
    assert all(_slices_back(path, f) == f["matched"] for f in found)


def test_a_csv_column_named_twice_is_read_twice(tmp_path):
    path = tmp_path / "replies.csv"
    path.write_text("id,text,text\n1,Please hold.,You owe $5 on this account.\n", encoding="utf-8")
    found = [f for f in _findings(path) if f["rule"] in ("you-owe", "please-hold")]
    assert [(f["rule"], f["column"]) for f in found] == [("please-hold", 3), ("you-owe", 16)]


def test_a_json_key_written_twice_is_an_error_not_a_silent_choice(tmp_path):
    path = tmp_path / "macros.json"
    path.write_text('[{"title": "a", "body": "You owe $5.", "body": "Thanks!"}]', encoding="utf-8")
    ran = lexlint("check", "--no-cache", str(path))
    assert ran.code == 2
    assert f"{path}:1:40: duplicate key 'body'" in ran.err


def test_the_cache_key_holds_the_spacy_and_lookup_table_versions():
    import spacy
    import spacy_lookups_data

    from lexlint.rulebook.forms import lookup_stamp
    from lexlint.run import cache

    stamp = cache._library_stamp()  # hashed into every store's salt by Cache.for_run
    assert f'"{spacy.about.__version__}"' in stamp
    assert f'"{spacy_lookups_data.__version__}"' in stamp
    assert f"lemma table {lookup_stamp()}" in stamp and lookup_stamp() is not None
