"""Word forms: which surface words a phrase word stands for (lemma-aware, contraction-aware).

Matching is done on lower-case token text, so the running pipeline needs no lemmatizer: instead each
pattern word is expanded, once per phrasebook, to every lower-case form that shares its lemma in
spaCy's English lookup table, plus the contraction pieces that stand for it (n't ~ not, 'll ~ will …).
Matching on spaCy's NORM instead would fold apostrophe variants, but NORM depends on context (the
tokenizer's special cases give 's the norm "us" in "let's", "am" the norm "a.m.", "had" the norm "have",
"d" the norm "'d" or "would"), so no set of norms stands for exactly the same tokens as these forms.
"""
from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources

# Clitics as spaCy's English tokenizer splits them, and the full words they stand for.
CLITICS: dict[str, tuple[str, ...]] = {
    "n't": ("not",),
    "nt": ("not",),
    "ca": ("can",),
    "wo": ("will",),
    "sha": ("shall",),
    "'ll": ("will",),
    "'re": ("be",),
    "'m": ("be",),
    "'s": ("be", "have", "us"),
    "'d": ("would", "have"),
    "'ve": ("have",),
    "'em": ("them",),
    "y'": ("you",),
}
# Words matched as written (plus their clitics): modals would otherwise pick up unrelated senses
# (can ~ canned) or each other (can ~ could).
UNINFLECTED = frozenset({"can", "could", "will", "would", "shall", "should", "may", "might", "must"})
APOSTROPHES = ("'", "\u2019", "\u2018")


@cache
def lemma_table() -> dict[str, str]:
    """spaCy's English lookup lemmas, lower-case forms only, without mappings that change a short
    function word into another (as -> a, best -> well)."""
    path = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        raw: dict[str, str] = json.load(fh)
    table: dict[str, str] = {}
    for form, lemma in raw.items():
        if form != form.lower() or lemma != lemma.lower():
            continue
        if lemma in UNINFLECTED or len(form) <= 1:
            continue
        if len(form) <= 2 and lemma != "be" or len(lemma) <= 2 and lemma not in ("be", "do", "go"):
            continue
        if form[0] != lemma[0] and lemma not in ("be", "go"):
            continue
        table[form] = lemma
    return table


@cache
def _inflections() -> dict[str, frozenset[str]]:
    by_lemma: dict[str, set[str]] = {}
    for form, lemma in lemma_table().items():
        by_lemma.setdefault(lemma, {lemma}).add(form)
    return {lemma: frozenset(forms) for lemma, forms in by_lemma.items()}


def _apostrophe_variants(word: str) -> set[str]:
    if "'" not in word:
        return {word}
    return {word.replace("'", a) for a in APOSTROPHES}


def lemma(word: str) -> str:
    w = word.lower().replace("\u2019", "'").replace("\u2018", "'")
    return lemma_table().get(w, w)


def meanings(word: str) -> frozenset[str]:
    """The lemmas a single token may stand for ('d -> would, have; owed -> owe)."""
    w = word.lower().replace("\u2019", "'").replace("\u2018", "'")
    if w in CLITICS:
        return frozenset(CLITICS[w]) | {w}
    return frozenset({lemma(w)})


@cache
def _clitics_for() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for clitic, fulls in CLITICS.items():
        for full in fulls:
            out.setdefault(full, set()).add(clitic)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def forms(word: str, exact: bool = False) -> frozenset[str]:
    """Every lower-case token text that matches `word`: same lemma, or a contraction piece standing for it.
    With exact=True only the word itself (case-insensitively, apostrophe-insensitive)."""
    w = word.lower().replace("\u2019", "'").replace("\u2018", "'")
    if exact:
        return frozenset(_apostrophe_variants(w))
    out: set[str] = set()
    inflections = _inflections()
    clitics = _clitics_for()
    for m in meanings(w):
        out |= inflections.get(m, {m})
        out.add(m)
        for clitic in clitics.get(m, ()):
            out |= _apostrophe_variants(clitic)
    out.add(w)
    return frozenset(v for form in out for v in _apostrophe_variants(form))
