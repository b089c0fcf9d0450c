"""The default pipeline's sentence starts, read from the doc's arrays, are exactly those of spaCy's own
sentencizer followed by the starts of a message's shape (the pipeline it replaces), on every kind of text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexlint.nlp import pipeline

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "",
    " ",
    "\n",
    "?!",
    "a. b",
    "Hi Sam,\n\nThanks for writing in!\n- one\n- two\n1. three\nBest,\nJo",
    "Wait... what?! Really?? Yes.\u3002Next\uff01 done",
    "Dear team:\nthe line wraps here\nand goes on. Then stops.\n\n\n",
    '"Quoted." (Aside.) Next one.',
]


@pytest.fixture(scope="module")
def both():
    import spacy

    ours = pipeline("default", ())
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    reference.add_pipe("lexlint_lines")  # the starts of a message's shape, over the sentencizer's
    reference.vocab.lex_attr_getters = ours.vocab.lex_attr_getters
    return ours, reference


def _starts(nlp, texts: list[str]) -> list[list[int]]:
    from spacy.attrs import SENT_START

    return [doc.to_array(SENT_START).astype("int64").tolist() for doc in nlp.pipe(texts)]


def _examples() -> list[str]:
    return TEXTS + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").iterdir()) if p.is_file()]


def test_the_same_starts_on_examples(both):
    ours, reference = both
    texts = _examples()
    assert _starts(ours, texts) == _starts(reference, texts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            ["Hi", "Jo", ",", ".", "!", "?", "...", "\n", "\n\n", " ", "- ", "1. ", ":", "\u3002", '"', ")"]
        ),
        max_size=40,
    )
)
def test_the_same_starts_on_any_text(both, parts):
    ours, reference = both
    text = " ".join(parts)
    assert _starts(ours, [text]) == _starts(reference, [text])


def test_the_same_starts_on_corpus(both, corpus: Path):
    ours, reference = both
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    with open(corpus / "brand_replies_applesupport.csv", encoding="utf-8-sig", newline="") as fh:
        texts += [row["text"] for row in csv.DictReader(fh)]
    texts.append("\n\n".join(texts[:2000]))  # one long text with line breaks
    assert _starts(ours, texts) == _starts(reference, texts)
