"""Every input format through the real CLI: findings point at the exact characters of the original file."""

from __future__ import annotations

import json

from conftest import FIXTURES, lexlint


def slice_file(text: str, f: dict) -> str:
    lines = text.split("\n")
    if f["line"] == f["end_line"]:
        return lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1]
    head = lines[f["line"] - 1][f["column"] - 1 :]
    middle = lines[f["line"] : f["end_line"] - 1]
    tail = lines[f["end_line"] - 1][: f["end_column"] - 1]
    return "\n".join([head, *middle, tail])


def test_every_fixture_finding_slices_back_to_its_match():
    ran = lexlint("check", str(FIXTURES / "sources"), "--format", "json", "--fail-on", "never")
    doc = json.loads(ran.out)
    assert doc["findings"], ran.err
    formats = set()
    for f in doc["findings"]:
        with open(f["path"], encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
        assert slice_file(text, f) == f["matched"], f
        formats.add(f["path"].rsplit(".", 1)[-1])
    assert {"json", "md", "txt", "csv", "jsonl", "eml"} <= formats


def test_zendesk_export_from_real_macros_is_linted_by_title(tmp_path, corpus):
    macros = json.loads((corpus / "paysend_macros.json").read_text(encoding="utf-8"))
    export = {
        "macros": [
            {"id": i, "title": title, "actions": [{"field": "comment_value", "value": body}]}
            for i, (title, body) in enumerate(macros.items())
        ]
    }
    export["macros"].append(
        {
            "id": 9999,
            "title": "Refund::Late",
            "actions": [
                {
                    "field": "comment_value",
                    "value": "Hi {{ticket.requester.first_name}},\n\nYou owe \u00a340 on this account.",
                }
            ],
        }
    )
    path = tmp_path / "zendesk.json"
    path.write_text(json.dumps(export, indent=2), encoding="utf-8")
    ran = lexlint("check", str(path), "--fail-on", "never")
    out = ran.out
    assert ran.code == 0, ran.err
    assert "you-owe" in out and "[Refund::Late]" in out
    assert "leftover-placeholder" not in out  # placeholders are expected in macros
    titled = [line for line in out.splitlines() if line.startswith(str(path)) and line.endswith("]")]
    assert len(titled) > 10
    assert all(any(f"[{t}]" in line for t in [*list(macros), "Refund::Late"]) for line in titled)


def test_json_without_text_is_a_clear_note_not_an_error(tmp_path):
    (tmp_path / "numbers.json").write_text('{"a": 1, "b": [2, 3]}', encoding="utf-8")
    (tmp_path / "draft.txt").write_text("Please hold.\n", encoding="utf-8")
    walked = lexlint("check", str(tmp_path))
    assert walked.code == 1  # the draft's finding, not an input error
    assert "note:" in walked.err and "numbers.json" in walked.err
    named = lexlint("check", str(tmp_path / "numbers.json"))  # as a pre-commit hook names package.json
    err = named.err
    assert named.code == 0 and f"lexlint: note: {tmp_path / 'numbers.json'}: no text fields" in err
    assert "--field" in err


def test_malformed_json_names_line_and_column_and_the_rest_is_linted(tmp_path):
    (tmp_path / "bad.json").write_text('{"macros": [\n  {"title": "x", "body": "hi",}\n]}', encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Please hold.\n", encoding="utf-8")
    ran = lexlint("check", str(tmp_path))
    err = ran.err
    assert ran.code == 2
    assert f"{tmp_path / 'bad.json'}:2:" in err and "Traceback" not in err
    assert "please-hold" in ran.out


def test_suppressions_and_unused_ones(tmp_path):
    draft = tmp_path / "reply.md"
    draft.write_text(
        "Hi Sam,\n\n<!-- lexlint-disable-next-line you-owe -->\nYou owe $4 today.\n"
        "<!-- lexlint-disable please-hold -->\nThanks for writing.\n",
        encoding="utf-8",
    )
    doc = json.loads(lexlint("check", str(draft), "--format", "json", "--fail-on", "never").out)
    rules = [(f["rule"], f["line"]) for f in doc["findings"]]
    assert ("you-owe", 4) not in rules
    assert ("unused-suppression", 5) in rules


def test_a_text_longer_than_one_pipeline_run_is_linted_in_pieces(tmp_path):
    from lexlint.sources.segments import MAX_PIECE_CHARS

    paragraph = "Thanks for writing in. You owe $4 today.\n\n"
    repeats = MAX_PIECE_CHARS * 2 // len(paragraph)
    draft = tmp_path / "long.txt"
    draft.write_text(paragraph * repeats, encoding="utf-8")
    doc = json.loads(lexlint("check", str(draft), "--format", "json", "--fail-on", "never", "--no-cache").out)
    owe = [f for f in doc["findings"] if f["rule"] == "you-owe"]
    assert len(owe) == repeats
    assert all(f["matched"] == "You owe $4" and f["column"] == 24 for f in owe)
    assert [f["line"] for f in owe] == list(range(1, 2 * repeats, 2))
    assert not [f for f in doc["findings"] if f["rule"] in ("greeting-first", "closing-last")]
