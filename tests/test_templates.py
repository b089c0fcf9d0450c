"""Template files (Liquid, Handlebars/Mustache, Jinja) as a macro repository keeps them: found by folder walks
and by the pre-commit hook's pattern, read as templates (placeholders are fine, block tags and comments are
markup), and a placeholder inside a match carried through to the suggestion and the fix as written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from lexlint.sources import ALIASES, READERS, ReadOptions, input_formats, lintable_extensions, read_text

from conftest import FIXTURES, ROOT, lexlint

TEMPLATES = FIXTURES / "templates"


def findings(*args: str, cwd: Path | None = None) -> list[dict]:
    ran = lexlint("check", *args, "--format", "json", "--no-cache", "--fail-on", "never", cwd=cwd)
    assert ran.code == 0, ran.err
    return json.loads(ran.out)["findings"]


def test_a_folder_of_templates_is_walked_and_valid_templates_have_no_placeholder_errors():
    ran = lexlint("check", str(TEMPLATES), "--format", "json", "--no-cache", "--fail-on", "never")
    report = json.loads(ran.out)
    assert report["summary"]["files"] == len(list(TEMPLATES.iterdir())) == 4
    rules = {(Path(f["path"]).name, f["rule"]) for f in report["findings"]}
    assert not {r for _, r in rules} & {"leftover-placeholder", "malformed-placeholder"}
    # what the templates say is linted; their comments (each says "no problem") and tags are not
    assert ("balance.hbs", "you-owe") in rules and ("reminder.j2", "you-owe") in rules
    assert "no-problem" not in {r for _, r in rules}


@pytest.mark.parametrize("ext", [".liquid", ".hbs", ".handlebars", ".mustache", ".j2", ".jinja"])
def test_each_template_kind_is_found_in_a_folder_and_read_as_a_template(tmp_path: Path, ext: str):
    (tmp_path / f"reply{ext}").write_text("Hi {{name}},\n\nYou owe {{balance}}.\n\nThanks,\nSam\n", encoding="utf-8")
    found = findings(str(tmp_path))
    assert [(f["rule"], f["suggestion"]) for f in found] == [("you-owe", "Our records show a balance of {{balance}}.")]


def test_block_tags_are_never_linted_as_prose():
    segments = read_text("x.liquid", "{% if vip %}Thanks!{% else %}Thank you.{% endif %} {{#each items}}{{/each}}")
    assert segments[0].text.split() == ["Thanks!", "Thank", "you."]
    segments = read_text("x.j2", "{% set total = 3 %}{# note #}Hi {{ name }}.{% block body %}{% endblock %}")
    assert segments[0].text.split() == ["Hi", "Xxxxxxxxxx."]


def test_an_unclosed_comment_is_read_as_text_in_linear_time():
    text = "{# " * 20000 + "You owe {{x}}."
    segments = read_text("x.j2", text)
    assert segments[0].text.endswith("You owe Xxxxx.")


def test_every_reader_extension_is_in_the_pre_commit_hooks_pattern():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        pattern = re.compile(hook["files"])
        assert sorted(e for e in lintable_extensions() if not pattern.search(f"macros/reply{e}")) == []


def test_input_format_takes_the_template_names_and_lists_them(tmp_path: Path):
    path = tmp_path / "reply.txt"
    path.write_text("Hi {{name}}, you owe {{balance}}.\n", encoding="utf-8")
    for name in ("template", "liquid", "hbs", "handlebars", "mustache", "jinja"):
        assert [f["rule"] for f in findings(str(path), "--input-format", name)] == ["you-owe"]
    assert {f["rule"] for f in findings(str(path))} == {"you-owe", "leftover-placeholder"}  # a draft
    assert input_formats() == sorted({*READERS, *ALIASES})
    ran = lexlint("check", str(path), "--input-format", "liqud")
    assert ran.code == 2 and "unknown input format 'liqud'; choose from " + ", ".join(input_formats()) in ran.err
    assert "liquid" in lexlint("check", "--help").out
    with pytest.raises(Exception, match="choose from csv"):
        read_text("x", "text", ReadOptions(input_format="nope"))


def test_a_placeholder_inside_a_match_shows_as_written_in_the_suggestion(tmp_path: Path):
    path = tmp_path / "macros.json"
    path.write_text(json.dumps({"Hold": "Please hold while I check {{ticket.id}}."}), encoding="utf-8")
    (found,) = findings(str(path))
    assert found["suggestion"] == "May I briefly place you on hold while I check {{ticket.id}}?"
    sarif = lexlint("check", str(path), "--format", "sarif", "--no-cache", "--fail-on", "never").out
    assert "Xxxx" not in sarif and "{{ticket.id}}?" in sarif


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("reply.txt", "You owe {{balance}}.\n", "Our records show a balance of {{balance}}.\n"),
        ("reply.liquid", "You owe {{ ticket.custom_fields.balance }} today.\n", None),
        ("reply.hbs", "<p>You owe {{ticket.custom_fields.balance}} on this account.</p>\n", None),
    ],
)
def test_you_owe_a_placeholder_gets_a_fix_that_keeps_it(tmp_path: Path, name: str, before: str, after: str | None):
    path = tmp_path / name
    path.write_text(before, encoding="utf-8")
    ran = lexlint("check", str(path), "--fix", "--no-cache", "--fail-on", "never")
    placeholder = re.search(r"\{\{.*?\}\}", before).group()
    expected = after or before.replace("You owe", "Our records show a balance of")
    assert path.read_text(encoding="utf-8") == expected, ran.err
    assert placeholder in expected


def test_lexlint_fix_on_the_template_fixtures_keeps_every_placeholder(tmp_path: Path):
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    lexlint("check", str(folder), "--fix", "--unsafe-fixes", "--no-cache", "--fail-on", "never")
    placeholders = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
    for original in TEMPLATES.iterdir():
        fixed = (folder / original.name).read_text(encoding="utf-8")
        assert placeholders.findall(fixed) == placeholders.findall(original.read_text(encoding="utf-8"))
    assert "Our records show a balance of {{ticket.custom_fields.balance}}" in (folder / "balance.hbs").read_text()
    assert findings(str(folder)) == []
