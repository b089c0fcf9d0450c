"""Word forms: which surface words a phrase word stands for (lemma-aware, contraction-aware, with the
texting spellings of a few words).

Matching is done on lower-case token text, so the running pipeline needs no lemmatizer: instead each
pattern word is expanded, once per phrasebook, to every lower-case form that shares its lemma in
spaCy's English lookup table, plus the contraction pieces that stand for it (n't ~ not, 'll ~ will …).
Building the lemma table takes far longer than reading stored forms back, so the forms of every word a run expands are
kept in a per-user store (`~/.cache/lexlint/`, keyed by the table file and this module); a store that
cannot be read is ignored, one that cannot be written is skipped.
Matching on spaCy's NORM instead would fold apostrophe variants, but NORM depends on context (the
tokenizer's special cases give 's the norm "us" in "let's", "am" the norm "a.m.", "had" the norm "have",
"d" the norm "'d" or "would"), so no set of norms stands for exactly the same tokens as these forms.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from functools import cache

from lexlint.stores import read_store, write_store

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
# Texting spellings real replies use, by the lemma they stand for: "pls DM us", "u can try".
TEXTING: dict[str, tuple[str, ...]] = {
    "please": ("pls", "plz"),
    "you": ("u",),
    "your": ("ur",),
    "thank": ("thx", "thnx", "tks"),
    "regard": ("rgds",),
}
# Words matched as written (plus their clitics): modals would otherwise pick up unrelated senses
# (can ~ canned) or each other (can ~ could).
UNINFLECTED = frozenset({"can", "could", "will", "would", "shall", "should", "may", "might", "must"})
APOSTROPHES = ("'", "\u2019", "\u2018")


LOOKUP_FILE = ("data", "en_lemma_lookup.json.gz")


@cache
def lemma_table() -> dict[str, str]:
    """spaCy's English lookup lemmas, lower-case forms only, without mappings that change a short
    function word into another (as -> a, best -> well). Read only when the stored forms are missing or stale."""
    import gzip
    from importlib import resources

    path = resources.files("spacy_lookups_data").joinpath(*LOOKUP_FILE)
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        raw: dict[str, str] = json.load(fh)
    table: dict[str, str] = {}
    for form, lemma in raw.items():
        if form != form.lower() or lemma != lemma.lower():
            continue
        if lemma in UNINFLECTED or len(form) <= 1:
            continue
        if (len(form) <= 2 and lemma != "be") or (len(lemma) <= 2 and lemma not in ("be", "do", "go")):
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


def folded(word: str) -> str:
    """A word as forms are looked up: lower-case, curly apostrophes made straight."""
    return word.lower().replace("\u2019", "'").replace("\u2018", "'")


def lemma(word: str) -> str:
    w = folded(word)
    return lemma_table().get(w, w)


def meanings(word: str) -> frozenset[str]:
    """The lemmas a single token may stand for ('d -> would, have; owed -> owe)."""
    w = folded(word)
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
    w = folded(word)
    if exact:
        return frozenset(_apostrophe_variants(w))
    store = _store()
    known = store.known.get(w)
    if known is None:
        known = store.known[w] = sorted(_forms(w))
        store.added = True
    return frozenset(known)


def _forms(w: str) -> frozenset[str]:
    out: set[str] = set()
    inflections = _inflections()
    clitics = _clitics_for()
    for m in meanings(w):
        out |= inflections.get(m, {m})
        out.add(m)
        for clitic in clitics.get(m, ()):
            out |= _apostrophe_variants(clitic)
        out.update(TEXTING.get(m, ()))
    out.add(w)
    return frozenset(v for form in out for v in _apostrophe_variants(form))


class _Store:
    """Forms already worked out, by word: read once per process, written back by save_forms()."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.added = False
        self.known: dict[str, list[str]] = {}
        data = read_store(path)
        if isinstance(data, dict) and all(
            isinstance(v, list) and all(isinstance(f, str) for f in v) for v in data.values()
        ):
            self.known = data


@cache
def _store() -> _Store:
    return _Store(_store_path())


def lookup_stamp() -> str | None:
    """Size and modification time of spaCy's English lemma table: what the forms of a word are worked out
    from (none when spacy-lookups-data is missing)."""
    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or spec.origin is None:
        return None
    try:
        st = os.stat(os.path.join(os.path.dirname(spec.origin), *LOOKUP_FILE))
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def _store_path() -> str | None:
    """A name that changes with the lookup table and with this module."""
    table = lookup_stamp()
    if table is None:
        return None
    st = os.stat(__file__)
    key = hashlib.sha256(f"{table};{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:24]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "lexlint", f"forms-{key}.json")


def save_forms() -> None:
    """Write the forms this process worked out to the store (atomically; skipped when it cannot be written)."""
    store = _store()
    if store.added and store.path is not None and write_store(store.path, store.known):
        store.added = False
