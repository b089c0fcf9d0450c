"""Inputs, phrasebooks and configs a hostile user would write: each is a one-line error naming the file, line
and column (exit 2, the other files still linted), or is read right; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import lexlint

DIGITS = "9" * 5000
MACRO = "- title: a\n  body: You owe $5 on this account.\n"
# Nine levels of nine aliases each: 387 million nodes once expanded.
ALIAS_BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def _check(tmp_path: Path, name: str, content: str, *args: str):  # type: ignore[no-untyped-def]
    """lexlint check on the hostile file and on an ordinary draft beside it."""
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("You owe $5 on this account.\n", encoding="utf-8")
    return lexlint("check", "--no-cache", "-j", "2", str(bad), str(draft), *args), bad


INPUTS = [
    (
        "big.json",
        f'{{"macros": [{{"title": "a", "body": "You owe $5.", "n": {DIGITS}}}]}}',
        ":1:56: invalid JSON: a number of 5,000 digits (at most 4,300)",
    ),
    ("big.jsonl", f'{{"text": "You owe $5.", "n": {DIGITS}}}\n', ":1:30: invalid JSON: a number of 5,000 digits"),
    ("big.yaml", MACRO + f"  n: {DIGITS}\n", ":3:6: invalid YAML: a number of 5,000 digits (at most 4,300)"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, ": invalid JSON: nested too deeply"),
    ("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", ":1: invalid JSON: nested too deeply"),
    ("deep.yaml", "[" * 5000 + "]" * 5000 + "\n", ":1:101: invalid YAML: nested more than 100 deep"),
    (
        "date.yaml",
        MACRO + "  sent: 2024-13-45\n",
        ":3:9: invalid YAML: '2024-13-45' is not a valid timestamp: month must be in 1..12",
    ),
    ("tagged.yaml", MACRO + "  sent: !!timestamp soon\n", ":3:9: invalid YAML: 'soon' is not a valid timestamp"),
    ("key.yaml", "? [a, b]\n: You owe $5.\n", ":1:3: invalid YAML: a sequence as a mapping key"),
    ("self.yaml", "&a [*a, You owe $5.]\n", ":1:1: invalid YAML: an alias refers to a node that contains it"),
    ("merge-self.yaml", "&a {<<: *a, body: You owe $5.}\n", ":1:1: invalid YAML: an alias refers to a node that"),
    ("bomb.yaml", ALIAS_BOMB, ":1:36: invalid YAML: aliases repeat more than 100,000 nodes"),
    (
        "twice.json",
        '{"title": "a", "body": "Hello.", "body": "You owe $5."}',
        ":1:34: duplicate key 'body' (json keeps only the last, so the others would go unlinted)",
    ),
    ("twice.jsonl", '{"text": "Hello.", "text": "You owe $5."}\n', ":1:20: duplicate key 'text'"),
    ("twice.yaml", "- title: a\n  body: Hello.\n  body: You owe $5.\n", ":3:3: invalid YAML: duplicate key 'body'"),
    (
        "mail.eml",
        (
            "Content-Type: text/plain; charset=x-no-such-charset\nContent-Transfer-Encoding: "
            "quoted-printable\n\nYou owe $5=2E\n"
        ),
        ":1: unknown charset 'x-no-such-charset' in the message part",
    ),
]


@pytest.mark.parametrize("name,content,error", INPUTS, ids=[i[0] for i in INPUTS])
def test_a_hostile_input_is_its_own_one_line_error(tmp_path, name, content, error):
    ran, bad = _check(tmp_path, name, content)
    assert ran.code == 2
    errors = [line for line in ran.err.splitlines() if line.startswith("lexlint: error:")]
    assert len(errors) == 1 and errors[0].startswith(f"lexlint: error: {bad}{error}"), ran.err
    assert "draft.txt:1:1: warning[you-owe]" in ran.out  # the other file is still linted


@pytest.mark.parametrize(
    "name,content",
    [
        ("surrogate.json", '{"macros": [{"title": "a", "body": "You owe \\ud800 $5 now."}]}'),
        ("surrogate.yaml", '- title: a\n  body: "You owe \\ud800 $5 now."\n'),
        ("surrogate.jsonl", '{"text": "You owe \\udfff $5 now."}\n'),
    ],
)
def test_a_lone_surrogate_escape_is_read_as_a_replacement_character(tmp_path, name, content):
    ran, bad = _check(tmp_path, name, content, "--format", "json")
    assert ran.code == 1, ran.err
    found = [f for f in json.loads(ran.out)["findings"] if f["path"] == str(bad)]
    assert [f["rule"] for f in found] == ["you-owe"]
    assert found[0]["matched"].startswith("You owe \\ud")  # as written in the file


# ---- phrasebooks and config ------------------------------------------------------------------------

ENTRY = 'entries:\n  - id: owe-less\n    avoid: ["you owe"]\n    why: "w"\n'
BOOKS = [
    (ENTRY + f"    tags: [{DIGITS}]\n", ":5:12: invalid YAML: a number of 5,000 digits (at most 4,300)"),
    (ENTRY + "    tags: [2024-13-45]\n", ":5:12: invalid YAML: '2024-13-45' is not a valid timestamp"),
    (ENTRY + "    ? [a]\n    : b\n", ":5:7: invalid YAML: a sequence as a mapping key"),
    (
        "entries: &e\n  - id: owe-less\n    avoid: *e\n    why: w\n",
        ":1:10: invalid YAML: an alias refers to a node that contains it",
    ),
    (ALIAS_BOMB, ":1:36: invalid YAML: aliases repeat more than 100,000 nodes"),
    ("x: " + "[" * 5000 + "]" * 5000 + "\n", ":1:103: invalid YAML: nested more than 100 deep"),
    (
        'entries:\n  - id: owe-less\n    avoid:\n      - [{LOWER: {REGEX: "(unclosed"}}]\n    why: w\n',
        ":4:27: REGEX '(unclosed': invalid REGEX: missing )",
    ),  # at the expression itself, inside its quote
    (
        "entries:\n  - id: owe-less\n    avoid:\n      - [{_: {mood: x}}]\n    why: w\n",
        ":4:14: a raw token pattern cannot use extension attributes (_)",
    ),
    (
        'entries:\n  - id: owe-less\n    avoid: [&p "you (owe"]\n    why: w\n',
        ":3:21: bad pattern 'you (owe': unclosed (",
    ),
    ('entries:\n  - id: owe-less\n    avoid: [!!str "you (owe"]\n    why: w\n', ":3:24: bad pattern"),
    (ENTRY + "---\nname: second\n", ":6:1: a second YAML document"),
]


@pytest.mark.parametrize("book,error", BOOKS)
def test_a_hostile_phrasebook_is_one_line_naming_its_place(tmp_path, book, error):
    path = tmp_path / "acme.yaml"
    path.write_text(book, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("You owe $5.\n", encoding="utf-8")
    for command in (["check", "--no-cache", str(draft)], ["rules"]):
        ran = lexlint(*command, "-p", str(path))
        assert ran.code == 2
        assert ran.err.startswith(f"lexlint: error: {path}{error}"), ran.err
        assert len(ran.err.strip().splitlines()) == 1


CONFIGS = [
    ("lexlint.yaml", f"select: [{DIGITS}]\n", ":1:10: invalid YAML: a number of 5,000 digits"),
    ("lexlint.yaml", "fail-on: 2024-13-45\n", ":1:10: invalid YAML: '2024-13-45' is not a valid timestamp"),
    ("lexlint.yaml", "? [a]\n: b\n", ":1:3: invalid YAML: a sequence as a mapping key"),
    ("lexlint.yaml", "select: &s [*s]\n", ":1:9: invalid YAML: an alias refers to a node that contains it"),
    ("lexlint.yaml", ALIAS_BOMB, ":1:36: invalid YAML: aliases repeat more than 100,000 nodes"),
    ("pyproject.toml", "[tool.lexlint]\nselect = [\n", ": invalid TOML: "),
    ("pyproject.toml", f"[tool.lexlint]\nx = {DIGITS}\n", ": invalid TOML: "),
]


@pytest.mark.parametrize("name,text,error", CONFIGS)
def test_a_hostile_config_is_one_line_naming_its_place(tmp_path, name, text, error):
    config = tmp_path / name
    config.write_text(text, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("You owe $5.\n", encoding="utf-8")
    ran = lexlint("check", "--no-cache", str(draft))  # found by walking up from the draft
    assert ran.code == 2
    assert ran.err.startswith(f"lexlint: error: {config}{error}"), ran.err
    assert len(ran.err.strip().splitlines()) == 1


def test_a_pyproject_that_does_not_mention_lexlint_is_not_its_business(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'x'\n", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("You owe $5.\n", encoding="utf-8")
    assert lexlint("check", "--no-cache", str(draft)).code == 1


# ---- baselines -------------------------------------------------------------------------------------


def test_writing_a_baseline_into_a_missing_folder_is_an_error(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("You owe $5.\n", encoding="utf-8")
    target = tmp_path / "no" / "such" / "baseline.json"
    ran = lexlint("check", "--no-cache", str(draft), "--write-baseline", str(target))
    assert ran.code == 2
    assert ran.err.strip() == f"lexlint: error: {target}: cannot write baseline: No such file or directory"


@pytest.mark.parametrize(
    "text,error",
    [
        ("[" * 100_000 + "]" * 100_000, "not a lexlint baseline: nested too deeply"),
        (f'{{"version": 1, "findings": [{{"fingerprint": "x", "count": {DIGITS}}}]}}', "not a lexlint baseline: "),
    ],
)
def test_a_hostile_baseline_is_an_error(tmp_path, text, error):
    draft = tmp_path / "draft.txt"
    draft.write_text("You owe $5.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text, encoding="utf-8")
    ran = lexlint("check", "--no-cache", str(draft), "--baseline", str(baseline))
    assert ran.code == 2
    assert ran.err.startswith(f"lexlint: error: {baseline}: {error}")
    assert len(ran.err.strip().splitlines()) == 1
