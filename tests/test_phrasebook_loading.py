"""Phrasebook v1: layering, and errors that name file, line and column."""

from __future__ import annotations

import textwrap

import pytest

from lexlint.errors import PhrasebookError
from lexlint.rulebook.phrasebook import load_phrasebooks


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_extends_disable_and_override(tmp_path):
    write(
        tmp_path,
        "base.yaml",
        """\
        entries:
          - {id: one, avoid: ["alpha"], why: w}
          - {id: two, avoid: ["beta"], why: w}
        """,
    )
    child = write(
        tmp_path,
        "child.yaml",
        """\
        name: acme
        extends: [default, base.yaml]
        disable: [no-problem, one]
        entries:
          - {id: two, avoid: ["gamma"], why: changed}
        """,
    )
    book = load_phrasebooks([child], default=True)
    ids = [e.id for e in book.entries]
    assert book.name == "acme"
    assert "no-problem" not in ids and "one" not in ids and "you-owe" in ids
    assert book.entry("two").why == "changed"


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("entries:\n  - {id: a, avoid: [x], why: w, colour: red}\n", ":2:", "unknown key 'colour'"),
        ("entries:\n  - {id: a, avoid: [x], why: w}\n  - {id: a, avoid: [y], why: w}\n", ":3:", "duplicate id 'a'"),
        ("entries:\n  - {id: a, avoid: [x], why: w, severity: fatal}\n", ":2:", "severity must be one of"),
        ("entries:\n  - {id: a, avoid: [], why: w}\n", ":2:", "avoid is empty"),
        ("entries:\n  - {id: a, avoid: [x], try: 'pay {amount}', why: w}\n", ":2:", "no avoid pattern captures"),
        ('entries:\n  - id: a\n    avoid: ["you [owe"]\n    why: w\n', ":3:", "unclosed ["),
        ("entries:\n  - {id: Bad_Id, avoid: [x], why: w}\n", ":2:", "kebab-case"),
        ("entries: [\n", ":2:", "invalid YAML"),
        ("disable: [nope]\n", ":1:", "no inherited entry 'nope'"),
    ],
)
def test_errors_name_file_line_column(tmp_path, text, where, words):
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(PhrasebookError) as info:
        load_phrasebooks([path], default=False)
    message = str(info.value)
    assert message.startswith(path + where), message
    assert words in message


def test_extends_cycle_is_rejected(tmp_path):
    write(tmp_path, "a.yaml", "extends: [b.yaml]\n")
    write(tmp_path, "b.yaml", "extends: [a.yaml]\n")
    with pytest.raises(PhrasebookError, match=r"extends cycle: a\.yaml -> b\.yaml -> a\.yaml"):
        load_phrasebooks([str(tmp_path / "a.yaml")], default=False)


def test_yaml_is_loaded_safely(tmp_path):
    path = write(tmp_path, "evil.yaml", "entries: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(PhrasebookError, match="invalid YAML"):
        load_phrasebooks([path], default=False)


def test_raw_pattern_that_cannot_compile(tmp_path):
    from lexlint.engine import Linter

    path = write(tmp_path, "raw.yaml", "entries:\n  - {id: a, avoid: [[{NOSUCH: x}]], why: w}\n")
    with pytest.raises(PhrasebookError) as info:
        Linter(load_phrasebooks([path], default=False))
    assert str(info.value).startswith(f"{path}:2:")


@pytest.mark.parametrize(
    ("value", "named"), [("[one, two]", "not a list"), ("{a: 1}", "not a mapping"), ("''", "not ''")]
)
def test_a_value_of_the_wrong_kind_is_named_by_its_kind_not_dumped(tmp_path, value, named):
    book = tmp_path / "book.yaml"
    book.write_text(f"entries:\n  - id: x-y\n    avoid: [you owe]\n    why: {value}\n", encoding="utf-8")
    with pytest.raises(PhrasebookError) as raised:
        load_phrasebooks([str(book)], default=False)
    assert str(raised.value).endswith(f":4:10: why must be non-empty text, {named}")


def test_a_phrasebook_may_say_its_version_and_format_1_and_no_other_format(tmp_path):
    """docs/versioning.md: `format: 1` is the format this lexlint reads; `version:` is the phrasebook's own."""
    ok = write(tmp_path, "ok.yaml", 'name: acme\nversion: "2.3"\nformat: 1\nentries: []\n')
    assert load_phrasebooks([ok]).name == "acme"
    newer = write(tmp_path, "newer.yaml", "name: acme\nformat: 2\n")
    with pytest.raises(PhrasebookError, match="format must be 1, the phrasebook format this lexlint reads, not 2"):
        load_phrasebooks([newer])
    for value in ("true", "'1'"):
        with pytest.raises(PhrasebookError, match="format must be 1"):
            load_phrasebooks([write(tmp_path, "odd.yaml", f"name: acme\nformat: {value}\n")])
    with pytest.raises(PhrasebookError, match="version must be non-empty text, not"):
        load_phrasebooks([write(tmp_path, "number.yaml", "name: acme\nversion: 2.3\n")])


def test_the_bundled_phrasebook_says_its_name_version_and_format():
    from lexlint.rulebook.phrasebook import FORMAT, identity
    from lexlint.rulebook.resources import bundled_path

    assert identity(str(bundled_path("default"))) == ("default", "1.0")
    assert f"\nformat: {FORMAT}" in bundled_path("default").read_text(encoding="utf-8")
