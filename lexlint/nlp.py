"""The spaCy pipeline: the cheapest tier the active rules need, loaded once per process.

Tiers: "default" = blank English + message-aware sentence boundaries (no model download);
"lemma" adds spaCy's lookup lemmatizer (for raw patterns that use LEMMA);
"trained" = en_core_web_sm, for raw patterns that use POS, TAG, DEP, MORPH or ENT_*.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from lexlint.errors import PipelineError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from thinc.types import Ints2d

TRAINED_MODEL = "en_core_web_sm"
# Token attributes that need more than the default tier (blank English + sentence boundaries).
TRAINED_ATTRS = frozenset({"POS", "TAG", "DEP", "MORPH", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "HEAD"})
LEMMA_ATTRS = frozenset({"LEMMA"})
# A line this short that ends without a full stop is a line of its own ("Hi Sam,", "Best wishes,", "Jo").
SHORT_LINE_TOKENS = 6
_NEWLINE = re.compile(r"\n")
_BULLET = re.compile(r"[ \t]*(?:[-*\u2022]|\d{1,2}[.)])\s")
TEXT = "lexlint.text"  # doc.user_data: the text the doc was made from (Doc.text joins every token anew)


def _sentences(doc: Doc) -> Doc:
    """Sentence starts for the default tiers, set in one write: spaCy's sentencizer's (after a full stop, a
    question or an exclamation mark, at the first token that is not punctuation), read from the doc's arrays
    rather than token by token, then those of the message's shape (`_shape_starts`)."""
    n = len(doc)
    if not n:
        return doc
    from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH

    table = doc.to_array([ORTH, IS_PUNCT, IS_SPACE])
    orths, punct = table[:, 0].tolist(), table[:, 1].tolist()
    full_stops = _full_stops()
    flags = [-1] * n
    flags[0] = 1
    seen_stop = False
    for i, (orth, is_punct) in enumerate(zip(orths, punct)):
        stop = orth in full_stops
        if seen_stop and not is_punct and not stop:
            flags[i] = 1
            seen_stop = False
        elif stop:
            seen_stop = True
    if table[:, 2].any():  # a line break is always a whitespace token of its own
        for i in _shape_starts(doc, flags):
            flags[i] = 1
    _set_sent_starts(doc, flags)
    return doc


@cache
def _full_stops() -> frozenset[int]:
    """The ORTH hashes of the sentencizer's sentence-final characters."""
    from spacy.pipeline import Sentencizer

    return frozenset(map(_orth, Sentencizer.default_punct_chars))


def _line_breaks(doc: Doc) -> Doc:
    """The trained tier's sentence starts (its parser's) with those of the message's shape added."""
    from spacy.attrs import IS_SPACE, SENT_START

    if not len(doc) or not doc.to_array(IS_SPACE).any():
        return doc
    flags = doc.to_array(SENT_START).astype("int64").tolist()  # 1, -1, or 0 where the parser left it open
    new_starts = _shape_starts(doc, flags)
    if new_starts:
        for i in new_starts:
            flags[i] = 1
        _set_sent_starts(doc, flags)
    return doc


def _set_sent_starts(doc: Doc, flags: list[int]) -> None:
    """Every token's sentence start (1 starts one, -1 does not, 0 is not known) in one write: each
    Token.is_sent_start= scans the whole doc."""
    import numpy as np
    from spacy.attrs import SENT_START

    doc.from_array([SENT_START], cast("Ints2d", np.array(flags, dtype=np.int64).view(np.uint64)))


def _shape_starts(doc: Doc, flags: list[int]) -> list[int]:
    """Sentence starts from the shape of a message, beyond those in `flags`: after a blank line, after a short
    line such as a greeting or sign-off, and at list items; wrapped lines of a paragraph stay one sentence.
    Tokens are read from the doc's arrays, not as Token objects (a long text has thousands of line breaks)."""
    text = doc.user_data.get(TEXT) or doc.text
    if "\n" not in text:
        return []
    import numpy as np
    from spacy.attrs import IDX, IS_SPACE, ORTH

    table = doc.to_array([IDX, ORTH, IS_SPACE])
    token_starts = table[:, 0]
    orths, space = table[:, 1].tolist(), table[:, 2].tolist()
    strings = doc.vocab.strings
    colon, comma = _orth(":"), _orth(",")
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    # the token holding each line break (a whitespace token), all looked up at once and in the array's own
    # type: a lookup per break would convert the whole array each time, which grows with the text squared
    holders = (token_starts.searchsorted(np.array(breaks, dtype=token_starts.dtype), side="right") - 1).tolist()
    new_starts: list[int] = []
    last_break = text.rstrip().rfind("\n")  # the last line break before any trailing whitespace
    n = len(doc)
    for pos, k in zip(breaks, holders):
        if k < 0 or k + 1 >= n:
            continue
        if flags[k + 1] == 1 or (new_starts and new_starts[-1] == k + 1):
            continue
        ws = strings[orths[k]] if space[k] else ""
        if ws.count("\n") >= 2 or _BULLET.match(text, pos + 1):
            new_starts.append(k + 1)
            continue
        # the line before this break: a short line ending in "," is a greeting or a sign-off,
        # a line ending in ":" introduces what follows, a short first or last line stands alone
        # (only a whitespace token holds a line break: the tokenizer splits the text at whitespace first)
        start = k - 1
        count = 0
        while start >= 0 and not (space[start] and "\n" in strings[orths[start]]) and count <= SHORT_LINE_TOKENS:
            start -= 1
            count += 1
        short = count <= SHORT_LINE_TOKENS
        if (
            k == 0
            or space[k - 1]
            or orths[k - 1] == colon
            or (short and (orths[k - 1] == comma or start < 0))
            or (short and last_break <= pos and n - (k + 1) <= SHORT_LINE_TOKENS)
        ):
            new_starts.append(k + 1)
    return new_starts


@cache
def _orth(text: str) -> int:
    """The ORTH hash of a token's text, as the doc's arrays hold it."""
    from spacy.strings import get_string_id

    return int(get_string_id(text))


def import_spacy() -> types.ModuleType:
    """`import spacy`, less its command-line interface: spaCy's package imports it (typer, rich, jinja2,
    requests, weasel: about a third of the import) only to offer `spacy.info`, which lexlint never calls.
    The interface stays importable: `import spacy.cli` loads it, and so does calling `spacy.info`."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")

    def load_info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = load_info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})
    try:
        import spacy
    finally:  # gone again, so that a later `import spacy.cli` loads the real one
        for name, stub in (("spacy.cli.info", info), ("spacy.cli", cli)):
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        delattr(spacy, "cli")
    return spacy


# Lexical attributes spaCy computes for every word the first time it meets it, which lexlint reads only when a
# raw pattern names one: computing them (shape, prefix, suffix, norm …) is a large share of tokenising new text.
UNREAD_LEXICAL = frozenset(
    {
        "IS_ASCII",
        "IS_BRACKET",
        "IS_CURRENCY",
        "IS_DIGIT",
        "IS_LEFT_PUNCT",
        "IS_LOWER",
        "IS_QUOTE",
        "IS_RIGHT_PUNCT",
        "IS_TITLE",
        "IS_UPPER",
        "LIKE_EMAIL",
        "LIKE_URL",
        "NORM",
        "PREFIX",
        "SHAPE",
        "SUFFIX",
    }
)


def pipeline(tier: str = "default", reads: Iterable[str] | None = None) -> Language:
    """The pipeline for a tier, built once per process. `reads`: the token attributes the rules read; the
    lexical attributes none of them reads are not computed. None: all are, as spaCy does; a trained
    pipeline always computes all (its features use them)."""
    skip = frozenset() if reads is None or tier == "trained" else UNREAD_LEXICAL.difference(reads)
    return _pipeline(tier, skip)


_BLANK_BUILT: list[Language] = []  # the blank-English pipelines built so far, whose tokenizers are all alike


@cache
def _pipeline(tier: str, skip: frozenset[str]) -> Language:
    spacy = import_spacy()
    from spacy.language import Language

    for name, component in (("lexlint_lines", _line_breaks), ("lexlint_sentences", _sentences)):
        if not Language.has_factory(name):
            Language.component(name)(component)
    if tier == "trained":
        try:
            nlp = spacy.load(TRAINED_MODEL, exclude=["lemmatizer"])
        except OSError:
            raise PipelineError(
                f"a rule uses POS/TAG/DEP/MORPH/ENT attributes, which need the trained pipeline {TRAINED_MODEL!r}; "
                f"install it with: python -m spacy download {TRAINED_MODEL}"
            ) from None
        nlp.add_pipe("lexlint_lines", after="parser" if "parser" in nlp.pipe_names else None)
        return nlp
    nlp = spacy.blank("en")
    nlp.add_pipe("lexlint_sentences")
    if tier == "lemma":
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    if skip:
        from spacy.attrs import IDS

        unread = {IDS[name] for name in skip}
        nlp.vocab.lex_attr_getters = {a: get for a, get in nlp.vocab.lex_attr_getters.items() if a not in unread}
    _BLANK_BUILT.append(nlp)
    return nlp


def pipe(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """`nlp.pipe` over these texts, each doc keeping the text it was made from (`TEXT`), which the message's
    shape is read from rather than from every token joined anew."""

    def made(text: str) -> Doc:
        doc = nlp.make_doc(text)
        doc.user_data[TEXT] = text
        return doc

    return nlp.pipe((made(text) for text in texts), batch_size=batch_size)


def tier_for(attrs: frozenset[str]) -> str:
    """The cheapest tier that provides these token attributes."""
    if attrs & TRAINED_ATTRS:
        return "trained"
    if attrs & LEMMA_ATTRS:
        return "lemma"
    return "default"


def tokenize(text: str) -> list[str]:
    """Token texts of a phrase, as the pipeline would split them: by the tokenizer of a blank-English pipeline
    already built (the one the phrasebook is compiled for, which the lexical attributes it computes do not
    change), else of a book's without raw patterns; building a second costs a run a fifth of a second."""
    nlp = _BLANK_BUILT[0] if _BLANK_BUILT else pipeline("default", ())
    return [t.text for t in nlp.tokenizer(text)]
