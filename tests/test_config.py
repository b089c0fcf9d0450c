"""Configuration found by walking up from the linted path; flags override it; mistakes name line:col."""

from __future__ import annotations

import json

import yaml

from conftest import lexlint

OWE = "You owe $40.12 on this account. Please hold.\n"


def rules_in(ran) -> set[str]:
    return {f["rule"] for f in json.loads(ran.out)["findings"]}


def test_config_found_walking_up_with_select_severity_and_fail_on(tmp_path):
    (tmp_path / "lexlint.yaml").write_text(
        "select: [billing, please-hold]\nseverity: {please-hold: error}\nfail-on: error\nformat: json\n",
        encoding="utf-8",
    )
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "draft.txt").write_text(OWE + "No problem!\n", encoding="utf-8")
    ran = lexlint("check", str(deep / "draft.txt"))
    findings = json.loads(ran.out)["findings"]
    assert {f["rule"]: f["severity"] for f in findings} == {"you-owe": "warning", "please-hold": "error"}
    assert ran.code == 1
    # flags win over the file
    assert rules_in(lexlint("check", str(deep), "--select", "you-owe")) == {"you-owe"}
    assert lexlint("check", str(deep), "--ignore", "please-hold").code == 0  # only a warning left, fail-on error
    assert lexlint("check", str(deep), "--format", "text").out.startswith(str(deep / "draft.txt"))


def test_pyproject_table_and_per_glob_overrides(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.lexlint]\nformat = 'json'\nunknown-ids = 'warn'\n"
        "overrides = [{files = 'macros/**', ignore = ['please-hold', 'acme-tone']}]\n",
        encoding="utf-8",
    )
    for folder in ("macros", "drafts"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(OWE, encoding="utf-8")
    ran = lexlint("check", str(tmp_path))
    by_path = {}
    for f in json.loads(ran.out)["findings"]:
        by_path.setdefault(f["path"].split("/")[-2], set()).add(f["rule"])
    assert by_path == {"drafts": {"you-owe", "please-hold"}, "macros": {"you-owe"}}
    # acme-tone is a rule of another phrasebook: with `unknown-ids: warn`, accepted with a warning
    assert "no rule or tag 'acme-tone'" in ran.err and "pyproject.toml" in ran.err


def test_include_exclude_and_own_files_are_skipped(tmp_path):
    (tmp_path / ".lexlint.yaml").write_text(
        "phrasebooks: [acme.yaml]\ninclude: ['**/*.txt']\nexclude: ['drafts/old/**']\n", encoding="utf-8"
    )
    (tmp_path / "acme.yaml").write_text("extends: [default]\n", encoding="utf-8")
    (tmp_path / "drafts" / "old").mkdir(parents=True)
    (tmp_path / "drafts" / "old" / "a.txt").write_text(OWE, encoding="utf-8")
    (tmp_path / "drafts" / "b.txt").write_text(OWE, encoding="utf-8")
    (tmp_path / "drafts" / "c.md").write_text(OWE, encoding="utf-8")
    ran = lexlint("check", str(tmp_path), "--format", "json")
    assert {f["path"] for f in json.loads(ran.out)["findings"]} == {str(tmp_path / "drafts" / "b.txt")}
    assert json.loads(ran.out)["summary"]["files"] == 1
    # a file named on the command line is linted even outside `include`, but never when excluded
    assert lexlint("check", str(tmp_path / "drafts" / "c.md")).code == 1
    assert lexlint("check", str(tmp_path / "drafts" / "old" / "a.txt")).code == 0


def test_unknown_key_and_bad_value_are_errors_with_line_and_column(tmp_path):
    cfg = tmp_path / "lexlint.yaml"
    cfg.write_text("select: [billing]\noverrides:\n  - files: 'macros/**'\n    ignroe: [x]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(OWE, encoding="utf-8")
    ran = lexlint("check", str(tmp_path))
    assert ran.code == 2
    assert f"{cfg}:4:5: unknown key 'ignroe'" in ran.err
    cfg.write_text("fail-on: sometimes\n", encoding="utf-8")
    assert f"{cfg}:1:10: fail-on must be one of" in lexlint("check", str(tmp_path)).err
    (tmp_path / "lexlint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.lexlint]\nselect = ['x']\n\nfail_on = 'error'\n", encoding="utf-8")
    ran = lexlint("check", str(tmp_path))
    assert ran.code == 2 and f"{tmp_path / 'pyproject.toml'}:4:1: unknown key 'fail_on'" in ran.err


def test_config_command_prints_the_resolved_configuration(tmp_path):
    (tmp_path / "lexlint.yaml").write_text(
        "phrasebooks: [books/acme.yaml]\nprofiles: [cicare]\nignore: no-problem\n"
        "overrides:\n  - files: phone/**\n    profile: cicare\n",
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    ran = lexlint("config", str(tmp_path / "sub"))
    assert ran.code == 0 and ran.out.startswith(f"# {tmp_path / 'lexlint.yaml'}\n")
    shown = yaml.safe_load(ran.out)
    assert shown["phrasebooks"] == [str(tmp_path / "books" / "acme.yaml")]
    assert shown["ignore"] == ["no-problem"] and shown["fail-on"] == "warning"
    assert shown["profiles"] == ["cicare"]
    assert shown["overrides"][0]["files"] == ["phone/**"] and shown["overrides"][0]["profile"] == "cicare"


def test_an_override_adds_a_profile_for_its_files(tmp_path):
    (tmp_path / "lexlint.yaml").write_text("overrides:\n  - files: 'phone/**'\n    profile: cicare\n", encoding="utf-8")
    script = "Hi Ms Lee. I'll check your account now. Is there anything else you need? Have a good day.\n"
    for folder in ("phone", "email"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "call.txt").write_text(script, encoding="utf-8")
    ran = lexlint("check", str(tmp_path), "--format", "json", "--fail-on", "never")
    rules = {(f["path"].split("/")[-2], f["rule"]) for f in json.loads(ran.out)["findings"]}
    assert ("phone", "cicare-order") in rules
    assert ("email", "cicare-order") not in rules
    paths = [f["path"] for f in json.loads(ran.out)["findings"]]
    assert paths == sorted(paths, key=lambda p: "phone" in p)  # files keep their walk order across groups
