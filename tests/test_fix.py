"""`check --fix`, `--unsafe-fixes` and `--diff` on every format lexlint reads: the file stays valid,
keeps its BOM, line endings and mode, the fixed rules stop firing, and a second --fix changes nothing."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest
import yaml

from conftest import FIXTURES, lexlint

QUOTING = str(FIXTURES / "fix" / "quoting.yaml")
OWE = "You owe $40.12 on this account."
RECORDS = "Our records show a balance of $40.12 on this account."


def fix(*args: str) -> tuple[int, str, str]:
    ran = lexlint("check", "--fix", *args)
    return ran.code, ran.out, ran.err


def assert_idempotent(path, *args: str) -> None:
    before = path.read_bytes()
    code, out, err = fix(str(path), *args)
    assert path.read_bytes() == before
    assert "applied" not in err  # a run with nothing to apply says nothing of fixes


CASES = {
    "draft.txt": (f"Hi Ann,\n\n{OWE}\n", f"Hi Ann,\n\n{RECORDS}\n"),
    "reply.md": (f"# Billing\n\n{OWE} See `you owe` in code.\n", f"# Billing\n\n{RECORDS} See `you owe` in code.\n"),
    "macro.html": (f"<p>Hi &amp; welcome.</p><p>{OWE}</p>\n", f"<p>Hi &amp; welcome.</p><p>{RECORDS}</p>\n"),
    "replies.jsonl": (
        json.dumps({"text": f'Hi "Ann",\n{OWE}'}) + "\n",
        json.dumps({"text": f'Hi "Ann",\n{RECORDS}'}) + "\n",
    ),
    "reply.eml": (
        f"From: a@example.com\nTo: b@example.org\nSubject: Balance\n\nHi Ann,\n\n{OWE}\n",
        f"From: a@example.com\nTo: b@example.org\nSubject: Balance\n\nHi Ann,\n\n{RECORDS}\n",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_safe_fix_rewrites_the_file_and_leaves_nothing_to_report(tmp_path, name):
    before, after = CASES[name]
    path = tmp_path / name
    path.write_text(before, encoding="utf-8")
    code, out, err = fix(str(path))
    assert path.read_text(encoding="utf-8") == after
    assert "you-owe" not in out and "applied 1 fix in 1 file" in err
    assert_idempotent(path)


def test_crlf_bom_and_mode_survive(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes(b"\xef\xbb\xbfHi Ann,\r\n\r\n" + OWE.encode() + b" Please hold.\r\n")
    os.chmod(path, 0o640)
    fix(str(path), "--unsafe-fixes")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    assert RECORDS.encode() + b" May I briefly place you on hold?\r\n" in data
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert not [p for p in os.listdir(tmp_path) if p != "draft.txt"]  # no temp file left behind


def test_unsafe_fixes_need_the_flag(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("Please hold.\n", encoding="utf-8")
    fix(str(path))
    assert path.read_text() == "Please hold.\n"
    fix(str(path), "--unsafe-fixes")
    assert path.read_text() == "May I briefly place you on hold?\n"


def test_diff_shows_the_fix_and_writes_nothing(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(f"{OWE}\n", encoding="utf-8")
    ran = lexlint("check", "--diff", str(path))
    out = ran.out
    assert ran.code == 1
    assert f"-{OWE}\n+{RECORDS}\n" in out and out.startswith("--- a/")
    assert path.read_text() == f"{OWE}\n"
    path.write_text(f"{RECORDS}\n", encoding="utf-8")
    assert lexlint("check", "--diff", str(path)).code == 0


def test_json_macro_rewrite_is_reescaped(tmp_path):
    path = tmp_path / "macros.json"
    path.write_text(
        json.dumps({"Thanks": 'Hi "Ann",\nthx for the \u2019note\u2019.', "Other": "thx"}, indent=2), encoding="utf-8"
    )
    code, out, err = fix(str(path), "-p", QUOTING)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc == {
        "Thanks": 'Hi "Ann",\nWe\'re "grateful" & glad for the \u2019note\u2019.',
        "Other": 'We\'re "grateful" & glad',
    }
    assert "thx" not in out
    assert_idempotent(path, "-p", QUOTING)


def test_yaml_macros_keep_their_scalar_styles(tmp_path):
    path = tmp_path / "macros.yaml"
    path.write_text(
        "macros:\n"
        '  - title: double\n    body: "thx, see you"\n'
        "  - title: single\n    body: 'thx, see you'\n"
        "  - title: block\n    body: |\n      thx, see you\n"
        "  - title: plain\n    body: thx, see you\n",
        encoding="utf-8",
    )
    code, out, err = fix(str(path), "-p", QUOTING)
    bodies = [m["body"].strip() for m in yaml.safe_load(path.read_text(encoding="utf-8"))["macros"]]
    assert bodies == ['We\'re "grateful" & glad, see you'] * 4  # read back and proved, style by style
    assert "thx" not in out


def test_yaml_plain_scalar_that_cannot_hold_the_rewrite_is_refused(tmp_path):
    book = tmp_path / "colon.yaml"
    book.write_text(
        "entries:\n  - {id: thx, avoid: [thx], try: 'note: thanks #1', why: w, fix: safe}\n", encoding="utf-8"
    )
    path = tmp_path / "macros.yaml"
    original = 'macros:\n  - title: plain\n    body: thx, see you\n  - title: quoted\n    body: "thx"\n'
    path.write_text(original, encoding="utf-8")
    code, out, err = fix(str(path), "-p", str(book), "--no-default")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["macros"] == [
        {"title": "plain", "body": "thx, see you"},
        {"title": "quoted", "body": "Note: thanks #1"},
    ]
    assert f"{path}:3:11: thx: fix not applied" in err
    assert code == 1 and "thx" in out  # the refused finding is still reported


def test_csv_quoted_field(tmp_path):
    path = tmp_path / "replies.csv"
    path.write_text('id,text\n1,"thx, ""Ann"""\n', encoding="utf-8")
    fix(str(path), "-p", QUOTING)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows == [{"id": "1", "text": 'We\'re "grateful" & glad, "Ann"'}]


def test_html_rewrite_is_entity_escaped(tmp_path):
    path = tmp_path / "macro.html"
    path.write_text("<p>thx!</p>\n", encoding="utf-8")
    fix(str(path), "-p", QUOTING)
    assert path.read_text() == '<p>We\'re "grateful" &amp; glad!</p>\n'


def test_base64_email_body_is_encoded_again(tmp_path):
    import base64
    import email
    from email import policy

    path = tmp_path / "reply.eml"
    body = b"Hi Ann,\n\nYou owe $40.12 on this account.\n"
    path.write_text(
        "From: a@example.com\nSubject: x\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(body).decode(),
        encoding="utf-8",
    )
    code, out, err = fix(str(path))
    part = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert part["Content-Transfer-Encoding"] == "base64"
    assert part.get_content() == f"Hi Ann,\n\n{RECORDS}\n"
    assert "applied 1 fix in 1 file" in err


def test_overlapping_fixes_take_later_passes(tmp_path):
    book = tmp_path / "chain.yaml"
    book.write_text(
        "entries:\n"
        "  - {id: one, avoid: ['alpha beta'], try: 'gamma beta', why: w, fix: safe}\n"
        "  - {id: two, avoid: ['beta delta'], try: 'epsilon', why: w, fix: safe}\n"
        "  - {id: three, avoid: ['gamma'], try: 'zeta', why: w, fix: safe}\n",
        encoding="utf-8",
    )
    path = tmp_path / "draft.txt"
    path.write_text("say alpha beta delta now\n", encoding="utf-8")
    code, out, err = fix(str(path), "-p", str(book), "--no-default")
    assert path.read_text() == "say zeta epsilon now\n"
    assert code == 0 and "applied 3 fixes" in err
    assert_idempotent(path, "-p", str(book), "--no-default")


def test_a_placeholder_in_a_slot_is_carried_into_the_fix_as_written(tmp_path):
    path = tmp_path / "macros.json"
    path.write_text(json.dumps({"Balance": "You owe {{ticket.custom_fields.balance}} on this account."}), "utf-8")
    code, out, err = fix(str(path))
    fixed = json.loads(path.read_text(encoding="utf-8"))["Balance"]
    assert fixed == "Our records show a balance of {{ticket.custom_fields.balance}} on this account."
    assert "applied 1 fix in 1 file" in err


def test_a_placeholder_the_rewrite_would_drop_is_never_rewritten(tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text(
        "entries:\n  - {id: gap, avoid: ['you owe ... on'], try: 'our records show a balance on', why: w, fix: safe}\n",
        encoding="utf-8",
    )
    path = tmp_path / "macros.json"
    original = json.dumps({"Balance": "You owe {{ticket.amount}} on this account."})
    path.write_text(original, encoding="utf-8")
    code, out, err = fix(str(path), "-p", str(book), "--no-default")
    assert path.read_text() == original
    assert "template placeholder or tag that the rewrite does not keep" in err


def test_fix_respects_config_ignore(tmp_path):
    (tmp_path / "lexlint.yaml").write_text("ignore: [billing]\n", encoding="utf-8")
    path = tmp_path / "draft.txt"
    path.write_text(f"{OWE}\n", encoding="utf-8")
    fix(str(path))
    assert path.read_text() == f"{OWE}\n"
