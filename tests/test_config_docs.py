"""The configuration reference (docs/config-reference.md) is written by `lexlint config --reference` from the
table the loader checks keys against (lexlint/settings/keys.py), and kept in step by this test."""

from __future__ import annotations

from pathlib import Path

from lexlint.cli.check import check
from lexlint.report import FORMATS
from lexlint.settings import config, keys

from conftest import ROOT, lexlint

PAGE = ROOT / "docs" / "config-reference.md"
REGENERATE = "lexlint config --reference > docs/config-reference.md"


def test_the_reference_page_is_what_the_generator_prints():
    ran = lexlint("config", "--reference")
    assert ran.code == 0, ran.err
    assert PAGE.read_text(encoding="utf-8") == ran.out, f"docs/config-reference.md is out of date: run `{REGENERATE}`"


def test_the_loader_takes_exactly_the_keys_the_reference_lists():
    assert config.TOP_KEYS is keys.TOP_KEYS and config.OVERRIDE_KEYS is keys.OVERRIDE_KEYS  # one table, not a copy
    # every setting a Config holds is written by a key the page names (path and root are where it was found)
    assert set(config.Config().to_dict()) - {"path", "root"} <= keys.TOP_KEYS


def test_every_key_loads_as_the_page_says(tmp_path: Path):
    """A file using every top-level key, each with a value of the kind the page gives it, loads."""
    (tmp_path / "acme.yaml").write_text("name: acme\nentries: []\n", encoding="utf-8")
    (tmp_path / "lexlint.yaml").write_text(
        "phrasebooks: [acme.yaml]\nno-default: false\nprofiles: [recovery]\nprofile: cicare\n"
        "select: [billing]\nignore: [no-problem]\nseverity: {please-hold: error}\nfail-on: info\nmin-score: 80\n"
        "include: ['macros/**']\nexclude: ['macros/archive/**']\n"
        "overrides: [{files: 'phone/**', select: [phone], ignore: [tone], severity: {tone: info}, profile: cicare}]\n"
        "format: json\nchannels: {chat: [chat]}\nbaseline: base.json\nunknown-ids: warn\n"
        "server: http://127.0.0.1:8081\ndocs-url: https://example.com/rules.md\naudit: {columns: {text: body}}\n",
        encoding="utf-8",
    )
    written = {line.split(":")[0] for line in (tmp_path / "lexlint.yaml").read_text().splitlines()}
    assert written == keys.TOP_KEYS
    ran = lexlint("config", cwd=tmp_path)
    assert ran.code == 0, ran.err


def test_a_key_the_page_does_not_list_is_an_error_at_its_line(tmp_path: Path):
    (tmp_path / "lexlint.yaml").write_text("fail-on: error\ncolour: never\n", encoding="utf-8")
    ran = lexlint("config", cwd=tmp_path)
    assert ran.code == 2 and f"{tmp_path / 'lexlint.yaml'}:2:1: unknown key 'colour'" in ran.err


def test_each_flag_the_page_names_is_an_option_of_check_and_each_format_a_format():
    options = {opt for param in check.params for opt in param.opts}
    for key in keys.TOP:
        assert not key.flag or set(key.flag.split("/")) <= options, key
    [fmt] = [k for k in keys.TOP if k.name == "format"]
    assert {part.strip(" `\\") for part in fmt.value.split("|")} == set(FORMATS)
