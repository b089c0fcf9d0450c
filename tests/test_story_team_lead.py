"""A team lead writing the company phrasebook: with `lexlint.yaml` naming it, `rules`, `explain` and `test`
read what `check` reads (phrasebooks, profiles, overrides), lexlint's own rules are explainable, an id the
config or a flag misspells is an error naming the nearest, and a move over a bundled one says what it does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, lexlint

ACME = """\
name: acme
entries:
  - id: refund-delay
    avoid: ["refunds take {time}"]
    try: "you'll see the refund within {time}"
    why: "Say when the customer will see their money, not how slow we are."
    severity: warning
    fix: safe
    tags: [billing]
    examples:
      bad: ["Refunds take 5 days.", "Refunds take a week."]
      good: ["You'll see the refund within 5 days.", "Our refunds team is here."]
moves:
  thanks:
    extend: true
    match: ["cheers"]
    examples: {match: ["Cheers for the quick reply."]}
"""


@pytest.fixture
def company(tmp_path: Path) -> Path:
    (tmp_path / "acme.yaml").write_text(ACME, encoding="utf-8")
    (tmp_path / "lexlint.yaml").write_text(
        "phrasebooks: [acme.yaml]\nprofiles: [recovery]\nseverity: {billing: error}\n"
        "overrides:\n  - files: 'phone/**'\n    profile: cicare\n  - files: 'macros/**'\n    ignore: [hello-goodbye]\n",
        encoding="utf-8",
    )
    for folder in ("macros", "phone", "drafts"):
        (tmp_path / folder).mkdir()
    (tmp_path / "macros" / "refund.txt").write_text("Refunds take 5 days.\n", encoding="utf-8")
    return tmp_path


def rule_ids(listing: str) -> dict[str, str]:
    return {line.split()[0]: line.split()[1] for line in listing.splitlines()}


def test_rules_explain_and_test_agree_with_check_under_lexlint_yaml(company: Path):
    found = json.loads(lexlint("check", "macros", "--format", "json", cwd=company).out)["findings"]
    assert [(f["rule"], f["severity"]) for f in found] == [("refund-delay", "error")]
    listed = rule_ids(lexlint("rules", cwd=company).out)
    # the company entry at the config's severity, the config's profile, and the profile an override adds
    assert listed["refund-delay"] == "error" and listed["you-owe"] == "error"  # billing: error
    assert {"service-recovery", "cicare-order", "greeting-first"} <= set(listed)
    explained = lexlint("explain", "refund-delay", cwd=company)
    assert explained.code == 0 and "Why: Say when the customer will see their money" in explained.out
    assert lexlint("explain", "cicare-order", cwd=company).code == 0  # from the override's profile
    tested = lexlint("test", cwd=company)
    assert tested.code == 0 and "all passed" in tested.out
    # the same commands without the config do not know the company entry
    named = lexlint("explain", "refund-delay", "--config", str(company / "lexlint.yaml"), cwd=company / "drafts")
    assert named.code == 0
    elsewhere = lexlint("explain", "refund-delay", cwd=ROOT)
    assert elsewhere.code == 2 and "no rule 'refund-delay'" in elsewhere.err


def test_test_runs_the_configured_phrasebooks_examples_and_fails_a_broken_one(company: Path):
    (company / "acme.yaml").write_text(ACME.replace('"Our refunds team is here."', '"Refunds take ages."'), "utf-8")
    tested = lexlint("test", cwd=company)
    assert tested.code == 1 and "refund-delay: good example fires: 'Refunds take ages.'" in tested.out


def test_a_rule_check_reports_but_the_config_leaves_out_is_said_so(company: Path):
    (company / "lexlint.yaml").write_text("phrasebooks: [acme.yaml]\nignore: [billing]\n", encoding="utf-8")
    assert "refund-delay" not in rule_ids(lexlint("rules", cwd=company).out)
    explained = lexlint("explain", "refund-delay", cwd=company).out
    assert "Not reported:" in explained and "lexlint.yaml does not select it" in explained


@pytest.mark.parametrize("rule", ["leftover-placeholder", "malformed-placeholder", "unused-suppression"])
def test_lexlints_own_rules_are_explained(rule: str):
    ran = lexlint("explain", rule)
    assert ran.code == 0 and ran.out.startswith(f"{rule} (") and "built in" in ran.out and "Why: " in ran.out


def test_explain_names_the_profile_of_a_sequence_that_is_not_active():
    ran = lexlint("explain", "cicare-order")
    assert ran.code == 0 and "Profile: cicare, opt-in (--profile cicare, or `profiles: [cicare]`" in ran.out
    assert "Profile: cicare, opt-in (on here)" in lexlint("explain", "cicare-order", "--profile", "cicare").out
    assert "Profile: empathy-first, on by default\n" in lexlint("explain", "empathy-before-fix").out
    typo = lexlint("explain", "cicare-ordr")
    assert typo.code == 2 and "did you mean 'cicare-order'?" in typo.err


def test_a_misspelt_id_is_an_error_naming_the_nearest(company: Path):
    ran = lexlint("check", "macros", "--select", "refund-dealy", cwd=company)
    assert ran.code == 2 and "no rule or tag 'refund-dealy'" in ran.err and "did you mean 'refund-delay'?" in ran.err
    assert lexlint("check", "macros", "--ignore", "you-ow", cwd=company).code == 2
    (company / "lexlint.yaml").write_text("phrasebooks: [acme.yaml]\nignore: [you-ow]\n", encoding="utf-8")
    for command in (("check", "macros"), ("rules",), ("explain", "you-owe"), ("test",)):
        ran = lexlint(*command, cwd=company)
        assert ran.code == 2, command
        assert f"{company / 'lexlint.yaml'}:2:10: no rule or tag 'you-ow'" in ran.err and "'you-owe'?" in ran.err


def test_unknown_ids_warn_lets_one_config_serve_several_phrasebooks(company: Path):
    (company / "lexlint.yaml").write_text("unknown-ids: warn\nignore: [acme-only]\n", encoding="utf-8")
    ran = lexlint("check", "macros", "--fail-on", "never", cwd=company)
    assert ran.code == 0 and "lexlint: warning:" in ran.err and "no rule or tag 'acme-only'" in ran.err
    bad = company / "lexlint.yaml"
    bad.write_text("unknown-ids: maybe\n", encoding="utf-8")
    assert lexlint("check", "macros", cwd=company).code == 2


def test_the_docs_config_example_works_as_written(tmp_path: Path):
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```yaml[^\n]*\n(.*?)```", page, re.S) if b.startswith("phrasebooks:"))
    (tmp_path / "lexlint.yaml").write_text(example, encoding="utf-8")
    (tmp_path / "acme.yaml").write_text(ACME, encoding="utf-8")
    (tmp_path / "macros").mkdir()
    (tmp_path / ".lexlint-baseline.json").write_text('{"version": 1, "findings": []}', encoding="utf-8")
    letter = "Your order shipped today. It should arrive on Thursday. The courier is DHL. Please hold.\n"
    (tmp_path / "macros" / "a.txt").write_text(letter, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(letter, encoding="utf-8")
    ran = lexlint(
        "check",
        "macros",
        "draft.txt",
        "--select",
        "structure,please-hold",
        "--format",
        "json",
        "--fail-on",
        "never",
        cwd=tmp_path,
    )
    assert ran.code == 0 and ran.err == ""  # every id and tag it names is known: no warning
    by_file = {}
    for f in json.loads(ran.out)["findings"]:
        by_file.setdefault(Path(f["path"]).name, set()).add(f["rule"])
    # `ignore: [hello-goodbye]` for macros/** drops that profile's letter-form rules there, and only there
    assert by_file == {"draft.txt": {"greeting-first", "please-hold"}, "a.txt": {"please-hold"}}


def test_a_move_over_a_bundled_one_says_it_replaces_it_or_extends_it(tmp_path: Path):
    replace = tmp_path / "replace.yaml"
    replace.write_text("moves:\n  empathy:\n    match: ['that sounds frustrating']\n", encoding="utf-8")
    ran = lexlint("rules", "-p", str(replace))
    assert f"lexlint: note: {replace}:2:3: move 'empathy' replaces the one in moves.yaml" in ran.err
    replace.write_text("moves:\n  empathy:\n    extend: false\n    match: ['that sounds frustrating']\n", "utf-8")
    assert "note" not in lexlint("rules", "-p", str(replace)).err
    extend = tmp_path / "extend.yaml"
    extend.write_text(ACME, encoding="utf-8")
    tested = lexlint("test", str(extend))
    assert tested.code == 0 and "note" not in tested.err
    # the bundled thanks move still carries its own examples, and now "cheers" too
    reply = tmp_path / "reply.txt"
    reply.write_text("Cheers for the quick reply! No problem at all.\n", encoding="utf-8")
    ctx = tmp_path / "customer.txt"
    ctx.write_text("Cheers for sorting this out.\n", encoding="utf-8")
    args = ("check", str(reply), "--context", str(ctx), "--format", "json")
    found = json.loads(lexlint(*args, "-p", str(extend)).out)["findings"]
    assert "no-problem" in {f["rule"] for f in found}  # the customer's "cheers" is thanks now
    assert "no-problem" not in {f["rule"] for f in json.loads(lexlint(*args).out)["findings"]}
    missing = tmp_path / "missing.yaml"
    missing.write_text("moves:\n  cheerz:\n    extend: true\n    match: ['cheers']\n", encoding="utf-8")
    ran = lexlint("rules", "-p", str(missing))
    assert ran.code == 2 and "move 'cheerz': extend: true, but no phrasebook before this one defines it" in ran.err
