"""The rules docs: `lexlint explain` and docs/rules.md are rendered from one record per rule and kept in step
by this test; a company's own run documents its entries the same way, and SARIF links every rule to its
section once the configuration names the page (`docs-url:`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lexlint.rulebook.builtins import builtin_rules
from lexlint.rulebook.explain import anchor
from lexlint.rulebook.phrasebook import load_phrasebooks
from lexlint.rulebook.resources import profile_names, profile_of

from conftest import ROOT, lexlint

DOCS = ROOT / "docs" / "rules.md"
REGENERATE = "lexlint explain --all --format markdown > docs/rules.md"
SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
URL = "https://github.com/acme/macros/blob/main/docs/rules.md"
ACME = """\
name: acme
entries:
  - id: acme-owe
    avoid: ["your balance of {amount} is overdue", "pay {amount} now"]
    try: "your balance is {amount}"
    why: Say it from our side.
    fix: safe
    examples:
      bad: ["Your balance of $40 is overdue."]
      good: ["Your balance is $40."]
"""


def sections(markdown: str) -> dict[str, str]:
    """Each `### id` section of a rules page, by id."""
    found = {}
    for chunk in markdown.split("\n### ")[1:]:
        rule_id, _, body = chunk.partition("\n")
        assert rule_id not in found, f"two sections for {rule_id}"
        found[rule_id] = body.split("\n## ")[0]
    return found


def as_read(markdown: str) -> str:
    """Markdown with its backslash escapes undone: the words a reader sees."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_docs_rules_md_is_what_the_generator_prints():
    ran = lexlint("explain", "--all", "--format", "markdown")
    assert ran.code == 0, ran.err
    assert DOCS.read_text(encoding="utf-8") == ran.out, f"docs/rules.md is out of date: run `{REGENERATE}`"


def test_every_bundled_rule_has_one_section_saying_all_it_flags():
    book = load_phrasebooks(profiles=profile_names())
    page = sections(DOCS.read_text(encoding="utf-8"))
    assert set(page) == {r.id for r in book.rules()} | set(builtin_rules())
    for entry in book.entries:
        section = page[entry.id]
        for pattern in (*entry.avoid, *entry.unless):
            assert f"- `{pattern.phrase.source}`" in section, (entry.id, pattern.phrase.source)
        read = as_read(section)
        assert f"*{entry.severity}, phrase entry*" in section and f"**Why:** {entry.why}" in read
        assert all(example in read for example in (*entry.bad, *entry.good, *entry.instead)), entry.id
        assert f"**Fix:** {entry.fix}: " in section
        assert not entry.tags or f"**Tags:** {', '.join(entry.tags)}" in section
    for sequence in book.sequences:
        profile = profile_of(sequence.origin.path)
        assert f"**Profile:** {profile}, " in page[sequence.id], sequence.id
    assert "**Profile:** cicare, opt-in (--profile cicare" in page["cicare-order"]
    assert "**Profile:** empathy-first, on by default" in page["empathy-before-fix"]


def test_each_anchor_is_the_heading_as_markdown_slugs_it_and_the_index_links_resolve():
    page = DOCS.read_text(encoding="utf-8")
    for rule_id in sections(page):
        assert anchor(rule_id) == re.sub(r"[^\w\- ]", "", rule_id.lower()).replace(" ", "-")
    linked = set(re.findall(r"\]\(#([^)]+)\)", page))
    assert linked == {anchor(rule_id) for rule_id in sections(page)}


@pytest.mark.parametrize("rule_id", ["you-need-to", "empathy-before-fix", "cicare-order", "leftover-placeholder"])
def test_explain_says_in_text_what_the_docs_say_in_markdown(rule_id: str):
    text = lexlint("explain", rule_id).out
    markdown = lexlint("explain", rule_id, "--format", "markdown").out
    assert markdown.strip() == f"### {rule_id}\n{sections(DOCS.read_text(encoding='utf-8'))[rule_id]}".strip()
    labels = re.findall(r"^([A-Z][\w -]*): ", text, re.M)
    assert labels and [f"**{label}:**" in markdown for label in labels] == [True] * len(labels)
    assert [line for line in markdown.splitlines() if line.startswith("**")] != []


def test_explain_takes_a_rule_or_all_not_both():
    neither = lexlint("explain")
    assert neither.code == 2 and "name a RULE_ID, or give --all" in neither.err
    assert lexlint("explain", "you-owe", "--all").code == 2
    every = lexlint("explain", "--all").out
    assert every.startswith("you-owe (warning, phrase entry)") and "\n\nunused-suppression (info, built in)" in every


@pytest.fixture
def company(tmp_path: Path) -> Path:
    (tmp_path / "acme.yaml").write_text(ACME, encoding="utf-8")
    (tmp_path / "lexlint.yaml").write_text(f"phrasebooks: [acme.yaml]\ndocs-url: {URL}\n", encoding="utf-8")
    (tmp_path / "draft.txt").write_text("Hi Ann,\n\nYour balance of $40 is overdue. You owe $5.\n", "utf-8")
    return tmp_path


def test_a_company_documents_its_own_entries_beside_the_bundled_ones(company: Path):
    ran = lexlint("explain", "--all", "--format", "markdown", cwd=company)
    page = sections(ran.out)
    assert ran.code == 0 and {"acme-owe", "you-owe", "cicare-order", "leftover-placeholder"} <= set(page)
    assert "- `your balance of {amount} is overdue`\n- `pay {amount} now`" in page["acme-owe"]
    assert "[acme-owe](#acme-owe)" in ran.out


def test_sarif_links_every_rule_to_its_section_when_the_config_names_the_page(company: Path):
    ran = lexlint("check", "draft.txt", "--format", "sarif", "--no-cache", "--fail-on", "never", cwd=company)
    doc = json.loads(ran.out)
    if SCHEMA.is_file():
        import jsonschema

        jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} >= {"acme-owe", "you-owe"}
    assert {rule_id: r.get("helpUri") for rule_id, r in rules.items()} == {
        rule_id: f"{URL}#{anchor(rule_id)}" for rule_id in rules
    }
    owe = rules["acme-owe"]["help"]
    assert owe["text"] == lexlint("explain", "acme-owe", cwd=company).out.rstrip("\n")
    assert owe["markdown"] == lexlint("explain", "acme-owe", "--format", "markdown", cwd=company).out.rstrip("\n")
    (company / "lexlint.yaml").write_text("phrasebooks: [acme.yaml]\n", encoding="utf-8")
    plain = json.loads(lexlint("check", "draft.txt", "--format", "sarif", "--fail-on", "never", cwd=company).out)
    assert all("helpUri" not in r for r in plain["runs"][0]["tool"]["driver"]["rules"])


@pytest.mark.parametrize(
    "value", ["example.com/docs/rules.md", "ftp://example.com/rules.md", f"{URL}#rules", "'https:// x'", "[a, b]"]
)
def test_docs_url_must_be_a_web_address_without_a_fragment(company: Path, value: str):
    (company / "lexlint.yaml").write_text(f"phrasebooks: [acme.yaml]\ndocs-url: {value}\n", encoding="utf-8")
    ran = lexlint("check", "draft.txt", cwd=company)
    assert ran.code == 2 and f"{company / 'lexlint.yaml'}:2:11: docs-url" in ran.err, ran.err
