"""LanguageTool's HTTP API (`/v2/check`, `/v2/languages`), so its clients — the browser add-on, editor
plugins, client libraries — show lexlint's findings: the request's form fields read, findings turned into
LanguageTool's `matches`, offsets and lengths in UTF-16 code units as those clients count.

Text sent as `data` with an `annotation` list keeps its markup out of the lint (each markup item is blanked,
or replaced by its `interpretAs` where that fits) while offsets still count it, as LanguageTool's do."""

from __future__ import annotations

import bisect
import json
import os
import re
import time
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from lexlint import __version__
from lexlint.findings import Finding
from lexlint.report import RuleDoc, rule_docs
from lexlint.rulebook.builtins import builtin_rules
from lexlint.serve.service import RequestError, Service

API_VERSION = 1
CONTEXT_SIZE = 40  # characters of context on each side of a match, as LanguageTool's server gives
# LanguageTool's English variants: (name, longCode); every code is "en"
ENGLISH = (
    ("English", "en"),
    ("English (US)", "en-US"),
    ("English (GB)", "en-GB"),
    ("English (Australian)", "en-AU"),
    ("English (Canadian)", "en-CA"),
    ("English (New Zealand)", "en-NZ"),
    ("English (South African)", "en-ZA"),
)
_NAMES = {code.lower(): name for name, code in ENGLISH}
DETECTED = "en-US"  # what `language=auto` answers: lexlint's rules are English
CATEGORIES = {  # the kind of rule -> LanguageTool category (id, name)
    "entry": ("LEXLINT_PHRASEBOOK", "Phrasebook"),
    "sequence": ("LEXLINT_ORDER", "Order and structure"),
    "builtin": ("LEXLINT", "lexlint"),
}
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Rule(NamedTuple):
    """What a match says about its rule."""

    doc: RuleDoc
    category: tuple[str, str]
    tags: tuple[str, ...]


class Checked(NamedTuple):
    """A /v2/check request: the text as the client counts it, the text to lint, and what to report."""

    text: str  # with markup: what offsets count
    prose: str  # the same length, markup blanked: what is linted
    language: str
    enabled_rules: frozenset[str]
    disabled_rules: frozenset[str]
    enabled_categories: frozenset[str]
    disabled_categories: frozenset[str]
    enabled_only: bool


def clean(text: str) -> str:
    """`text` with any lone surrogate (which no response could encode) as U+FFFD; its length unchanged."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _names(value: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (value or "").split(",") if v.strip())


def parse(form: Mapping[str, str]) -> Checked:
    """The request's form fields, or a 400 RequestError saying what is wrong, in LanguageTool's words."""
    if "text" in form and "data" in form:
        raise RequestError("Set only 'text' or 'data' parameter, not both", 400)
    if "text" in form:
        text = prose = clean(form["text"])
    elif "data" in form:
        text, prose = _annotated(form["data"])
    else:
        raise RequestError("Missing 'text' or 'data' parameter", 400)
    language = form.get("language", "auto").strip() or "auto"
    if language != "auto" and language.lower() not in _NAMES:
        raise RequestError(f"lexlint checks English only, not {language!r}; GET /v2/languages lists the codes", 400)
    checked = Checked(
        text,
        prose,
        DETECTED if language == "auto" else next(c for _, c in ENGLISH if c.lower() == language.lower()),
        _names(form.get("enabledRules")),
        _names(form.get("disabledRules")),
        _names(form.get("enabledCategories")),
        _names(form.get("disabledCategories")),
        form.get("enabledOnly", "false").strip().lower() == "true",
    )
    if checked.enabled_only and not (checked.enabled_rules or checked.enabled_categories):
        raise RequestError("enabledOnly=true needs 'enabledRules' or 'enabledCategories'", 400)
    return checked


def _annotated(data: str) -> tuple[str, str]:
    """`data`'s text with markup (what offsets count) and the same with the markup blanked (what is linted)."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        raise RequestError("Could not parse JSON from 'data' parameter", 400) from None
    if not isinstance(doc, dict) or ("text" in doc) == ("annotation" in doc):
        raise RequestError("'data' key in JSON requires either 'text' or 'annotation' key", 400)
    if "text" in doc:
        if not isinstance(doc["text"], str):
            raise RequestError("'data': 'text' must be a string", 400)
        text = clean(doc["text"])
        return text, text
    items = doc["annotation"]
    if not isinstance(items, list):
        raise RequestError("'data': 'annotation' must be a list", 400)
    whole: list[str] = []
    prose: list[str] = []
    for item in items:
        if not isinstance(item, dict) or ("text" in item) == ("markup" in item):
            raise RequestError(f"Only either 'text' or 'markup' are supported in an annotation item: {item!r}", 400)
        if "text" in item and "interpretAs" in item:
            raise RequestError(f"'text' cannot be used with 'interpretAs' (only 'markup' can): {item!r}", 400)
        value, meaning = item.get("text", item.get("markup")), item.get("interpretAs", "")
        if not isinstance(value, str) or not isinstance(meaning, str):
            raise RequestError(f"annotation values must be strings: {item!r}", 400)
        value = clean(value)
        whole.append(value)
        if "text" in item:
            prose.append(value)
        else:  # blanked to its length; its meaning (a paragraph break for <p>) kept where it fits
            meaning = clean(meaning)[: len(value)]
            prose.append(meaning + " " * (len(value) - len(meaning)))
    return "".join(whole), "".join(prose)


def selected(finding: Finding, rule: Rule, checked: Checked) -> bool:
    """Whether the request's rule and category fields keep this finding. Rules are named by id; categories
    by LanguageTool category id or by a lexlint tag."""
    categories = {rule.category[0], *rule.tags}
    if finding.rule in checked.disabled_rules or categories & checked.disabled_categories:
        return False
    if checked.enabled_only:
        return finding.rule in checked.enabled_rules or bool(categories & checked.enabled_categories)
    return True


class Utf16:
    """Character offsets of a text as UTF-16 code units (a character past U+FFFF counts two)."""

    def __init__(self, text: str) -> None:
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, i: int) -> int:
        return i + bisect.bisect_left(self._astral, i)


def units(text: str) -> int:
    """The length of `text` in UTF-16 code units."""
    return len(text) + (0 if text.isascii() else len(_ASTRAL.findall(text)))


def context(text: str, start: int, end: int) -> dict[str, Any]:
    """LanguageTool's `context`: up to CONTEXT_SIZE characters each side of the match, "..." where cut,
    line breaks as spaces; offset and length in UTF-16 code units of that text."""
    left, right = max(0, start - CONTEXT_SIZE), min(len(text), end + CONTEXT_SIZE)
    head = "..." if left > 0 else ""
    before = head + text[left:start].replace("\n", " ")
    shown = before + text[start:right].replace("\n", " ") + ("..." if right < len(text) else "")
    return {"text": shown, "offset": units(before), "length": units(text[start:end])}


def match(finding: Finding, rule: Rule, text: str, sentence: str, at: Utf16) -> dict[str, Any]:
    """One finding as a LanguageTool match, its fields in the order LanguageTool writes them."""
    offset = at(finding.start)
    return {
        "message": finding.message,
        "shortMessage": finding.rule,
        "replacements": [] if finding.replacement is None else [{"value": finding.replacement}],
        "offset": offset,
        "length": at(finding.end) - offset,
        "context": context(text, finding.start, finding.end),
        "sentence": sentence,
        "type": {"typeName": "Other"},
        "rule": {
            "id": finding.rule,
            "description": rule.doc.why or finding.message,
            "issueType": "style" if rule.category[0] != CATEGORIES["builtin"][0] else "uncategorized",
            "category": {"id": rule.category[0], "name": rule.category[1]},
            **({"tags": list(rule.tags)} if rule.tags else {}),
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def _language(code: str) -> dict[str, str]:
    return {"name": _NAMES[code.lower()], "code": code}


def response(checked: Checked, matches: list[dict[str, Any]], sentences: Iterable[tuple[int, int]]) -> dict[str, Any]:
    """LanguageTool's response to /v2/check: software, warnings, language, matches, sentence ranges."""
    at = Utf16(checked.text)
    return {
        "software": SOFTWARE,
        "warnings": {"incompleteResults": False},
        "language": {
            **_language(checked.language),
            "detectedLanguage": {**_language(checked.language), "confidence": 1.0, "source": "lexlint"},
        },
        "matches": matches,
        "sentenceRanges": [[at(s), at(e)] for s, e in sentences],
    }


def languages() -> list[dict[str, str]]:
    """GET /v2/languages: the languages lexlint checks, as LanguageTool lists its own."""
    return [{"name": name, "code": "en", "longCode": code} for name, code in sorted(ENGLISH)]


def _build_date() -> str:
    """When this lexlint was installed (its package's modification time), as LanguageTool writes a date."""
    stamp = os.path.getmtime(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return time.strftime("%Y-%m-%d %H:%M:%S +0000", time.gmtime(stamp))


SOFTWARE = {
    "name": "lexlint",
    "version": __version__,
    "buildDate": _build_date(),
    "apiVersion": API_VERSION,
    "premium": False,
    "status": "",
}


def rules_of(service: Service) -> dict[str, Rule]:
    """What each rule the server may report says about itself as a LanguageTool rule."""
    book = service.book
    docs = rule_docs(service.linters[profile].book for profile in service.linters)
    kinds = dict.fromkeys(builtin_rules(), "builtin")
    for linter in service.linters.values():
        kinds.update(dict.fromkeys((s.id for s in linter.book.sequences), "sequence"))
        kinds.update(dict.fromkeys((e.id for e in linter.book.entries), "entry"))
    tags = {r.id: r.tags for r in book.rules()}
    return {rid: Rule(docs[rid], CATEGORIES[kind], tags.get(rid, ())) for rid, kind in kinds.items() if rid in docs}


def check(service: Service, rules: Mapping[str, Rule], checked: Checked) -> dict[str, Any]:
    """The whole /v2/check answer (run on the lint thread: it uses the pipeline)."""
    linter = service.linters[None]
    _path, findings = service.lint(checked.prose, linter)
    nlp = linter.nlp
    spans = (
        [(s.start_char, s.end_char) for s in nlp(checked.prose).sents] if len(checked.prose) <= nlp.max_length else []
    )
    starts = [s for s, _ in spans]
    at = Utf16(checked.text)
    matches = []
    for finding in findings:
        rule = rules.get(finding.rule) or Rule(RuleDoc(finding.rule, finding.severity, ""), CATEGORIES["builtin"], ())
        if not selected(finding, rule, checked):
            continue
        k = bisect.bisect_right(starts, finding.start) - 1
        sentence = checked.prose[spans[k][0] : spans[k][1]].strip() if k >= 0 else ""
        matches.append(match(finding, rule, checked.text, sentence, at))
    return response(checked, matches, spans)
