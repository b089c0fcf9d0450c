"""The PhraseMatcher path finds exactly what the plain token-Matcher path finds."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from lexlint.checks import phrases
from lexlint.checks._matchers import KeyedPattern, Match, greedy_longest, literal_phrases
from lexlint.nlp import pipeline
from lexlint.rulebook.phrasebook import load_phrasebooks
from lexlint.sources.segments import text_segment

ROOT = Path(__file__).resolve().parent.parent
EDGES = ROOT / "tests" / "fixtures" / "phrasebooks" / "matcher-edges.yaml"
EDGE_TEXTS = [
    "It is very very very very good, so very good.",
    "Let me check that for you. Let me check it out. Let me look into this.",
    "Kindly send the receipt. Please kindly reply. I kindly ask.",
    "Sorry for the inconvenience. So sorry the inconvenience.",
    "Please wait with patience, wait in great patience. Wait. Patience.",
]


class _OneTokenMatcher:
    """The reference: every variant in one spaCy token Matcher, its matches in the canonical order."""

    def __init__(self, nlp, patterns: list[KeyedPattern]) -> None:
        from spacy.matcher import Matcher

        self.matcher = Matcher(nlp.vocab, validate=True)
        for p in patterns:
            self.matcher.add(p.key, [list(p.tokens)], greedy="LONGEST")
        self.order = {nlp.vocab.strings.add(p.key): i for i, p in enumerate(patterns)}

    def __call__(self, doc, window=None) -> list[Match]:
        found = [Match._make(m) for m in self.matcher(doc, with_alignments=True)]
        return sorted(found, key=lambda m: (m.start, m.start - m.end, self.order[m.key]))


def _hits(book, texts: list[str], split: bool) -> list[tuple]:
    nlp = pipeline("default")
    rules = phrases.prepare(book, nlp)
    if not split:
        rules = dataclasses.replace(rules, matchers=_OneTokenMatcher(nlp, phrases.keyed_patterns(book, nlp)[0]))
    out = []
    for i, (text, doc) in enumerate(zip(texts, nlp.pipe(texts))):
        out.extend((i, *hit) for hit in phrases.check(doc, text_segment("t", text), rules))
    return out


def _bundled_texts(book) -> list[str]:
    texts = [t for e in book.entries for t in e.bad + e.good]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").iterdir()) if p.is_file()]
    return texts


def test_both_paths_agree_on_bundled_examples():
    book = load_phrasebooks()
    texts = _bundled_texts(book)
    split = _hits(book, texts, split=True)
    assert split, "the bundled examples have findings to compare"
    assert split == _hits(book, texts, split=False)


def test_both_paths_agree_on_edge_cases():
    book = load_phrasebooks([str(EDGES)], default=False)
    split = _hits(book, EDGE_TEXTS, split=True)
    assert {h[1] for h in split} == {"very-very", "let-me-check", "kindly-verb", "raw-sorry", "gap-wait"}
    assert split == _hits(book, EDGE_TEXTS, split=False)


def test_both_paths_agree_on_corpus(corpus: Path):
    book = load_phrasebooks()
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:1500]
    texts = [json.loads(line)["text"] for line in lines]
    split = _hits(book, texts, split=True)
    assert len(split) > 20
    assert split == _hits(book, texts, split=False)


@pytest.mark.parametrize("joint", ["\n\n", "\n", "  "])
def test_a_long_text_matched_a_block_at_a_time_finds_what_one_pass_finds(corpus: Path, joint: str):
    """A long text is matched in blocks cut at whitespace tokens, each with the matchers its words allow;
    raw patterns that may hold whitespace run over the whole text. One text of many replies, joined by line
    breaks or runs of spaces, finds what the one Matcher finds."""
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:400]
    replies = [json.loads(line)["text"] for line in lines]
    filler = "and so on " * 25  # a block's worth of tokens, so that the line break after it is a cut
    edges = [
        *EDGE_TEXTS,
        filler + "Kind regards\nSam",
        "Please hold.",
        filler + "I will call \n back.",
        filler + "Call\n\nback now.",
    ]
    for book in (load_phrasebooks(), load_phrasebooks([str(EDGES)], default=False)):
        text = joint.join(replies + edges * 3 + _bundled_texts(book))
        split = _hits(book, [text], split=True)
        assert len(split) > 20
        assert split == _hits(book, [text], split=False)
    assert {"raw-across-lines", "regex-word", "regex-any", "raw-not-a-word"} <= {
        h[1] for h in _hits(book, [text], split=True)
    }


def test_literal_expansion_and_its_bound():
    tokens = ({"LOWER": {"IN": ["a", "b"]}}, {"LOWER": "c", "OP": "?"})
    assert literal_phrases(tokens) == [("a",), ("a", "c"), ("b",), ("b", "c")]
    assert literal_phrases(tokens, limit=3) is None
    assert literal_phrases(({"LOWER": {"NOT_IN": ["x"]}},)) is None


@pytest.mark.parametrize(
    "spans, kept",
    [
        ([(0, 2), (1, 3), (0, 3)], [(0, 3)]),
        ([(0, 1), (1, 2), (2, 3)], [(0, 1), (1, 2), (2, 3)]),
        ([(0, 2), (1, 3), (3, 4)], [(0, 2), (3, 4)]),
    ],
)
def test_greedy_longest_keeps_the_longest_then_earliest(spans, kept):
    assert sorted(greedy_longest(spans)) == kept


def test_scanned_literal_variants_match_what_their_phrases_would(corpus: Path):
    """limit=1 scans every literal variant instead of listing its phrases: same matches as the PhraseMatcher."""
    from lexlint.checks._keys import compile_patterns
    from lexlint.checks._matchers import SplitMatchers

    nlp = pipeline("default")
    book = load_phrasebooks(profiles=["cicare", "recovery"])
    keyed: list[KeyedPattern] = []
    for i, entry in enumerate(book.entries):
        keyed += [p for *_, p in compile_patterns(nlp, f"e{i}.", entry.avoid + entry.unless)]
    for i, move in enumerate(book.moves):
        keyed += [p for *_, p in compile_patterns(nlp, f"m{i}.", move.match + move.unless)]
    listed, scanned = SplitMatchers.build(nlp, keyed), SplitMatchers.build(nlp, keyed, limit=1)
    assert len(scanned.scans.keys) > len(listed.scans.keys)
    lines = (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:1500]
    texts = _bundled_texts(book) + [json.loads(line)["text"] for line in lines] + EDGE_TEXTS
    found = 0
    for doc in nlp.pipe(texts):
        expected = [m[:3] for m in listed(doc)]
        assert [m[:3] for m in scanned(doc)] == expected, doc.text
        found += len(expected)
    assert found


def _every_move_everywhere(doc, segment, state) -> list:
    """The ordering rules over sentences classified with every move a rule names, the whole message
    searched for each: what the check must find while searching only where each rule looks."""
    from lexlint.checks.sequences import (
        Sentence,
        _found,
        _too_long,
        _violations,
        line_sentences,
        looks_english,
        placed,
        signature_start,
    )

    rules = [r for r in state.rules if not r.channels or segment.channel in r.channels]
    if not rules or not looks_english(doc):
        return []
    lines = line_sentences(doc, segment.text)
    lines = lines[: signature_start(lines, segment.text)]
    moves: list[set[str]] = [set() for _ in lines]
    until = lines[-1].end if lines else None
    for move, k in placed(doc, lines, _found(doc, state.matchers, state.keys, sorted(state.matchers)), until):
        moves[k].add(move)
    sentences = [Sentence(span, frozenset(m)) for span, m in zip(lines, moves)]
    carried = frozenset().union(*moves)
    customer = state.context_moves(segment.context)
    # `unless` moves count in the message itself, never in the customer's; `when` moves there unless when_in
    # leaves the customer out
    return [
        hit
        for r in rules
        if lines
        and len(lines) >= r.min_sentences
        and (not r.when or carried & set(r.when) or (r.when_customer and customer & set(r.when)))
        and not carried & set(r.unless)
        for hit in [*_violations(r, sentences, state.moves), *_too_long(r, sentences)]
    ]


@pytest.mark.parametrize("profiles", [(), ("cicare", "recovery")])
def test_ordering_rules_look_only_where_they_must_and_find_the_same(corpus: Path, profiles):
    from lexlint.checks import sequences

    book = load_phrasebooks(profiles=list(profiles))
    nlp = pipeline("default")
    state = sequences.prepare(book, nlp)
    rows = [
        json.loads(line)
        for line in (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:1200]
    ]
    segments = [
        text_segment("t", r["text"], channel=channel, context=r.get("customer_text") or "")
        for r in rows
        for channel in ("chat", "email")
    ]
    segments += [text_segment("t", t, channel="text") for t in _bundled_texts(book)]
    fired = 0
    for segment, doc in zip(segments, nlp.pipe(s.text for s in segments)):
        expected = _every_move_everywhere(doc, segment, state)
        assert list(sequences.check(doc, segment, state)) == expected, segment.text
        fired += len(expected)
    assert fired > 100


def _context_moves_from_sentences(nlp, state, text: str) -> frozenset[str]:
    """The `when` moves of a customer's message, read through the whole pipeline and its lines."""
    from lexlint.checks.sequences import _found, line_sentences, placed

    when = sorted({m for r in state.rules if r.when_customer for m in r.when})
    if not text.strip():
        return frozenset()
    doc = nlp(text)
    return frozenset(
        m for m, _k in placed(doc, line_sentences(doc, text), _found(doc, state.matchers, state.keys, when))
    )


ANCHORED_PROBLEM = """\
name: anchored
extends: [moves]
moves:
  complaint:
    match: ["^broken"]
sequences:
  - id: complaint-empathy
    when: [complaint]
    require: [empathy]
    why: A complaint deserves an apology.
    severity: warning
"""


@pytest.mark.parametrize("anchored", [False, True])
def test_the_customers_message_read_for_its_words_alone_finds_the_same_moves(corpus: Path, tmp_path: Path, anchored):
    """A customer's message is only tokenized when no `when` pattern may ask where sentences start (an anchored
    pattern, or a gap or slot pattern whose words the message holds) and no line can be a Markdown heading;
    otherwise it goes through the whole pipeline. Both ways find the same moves."""
    from lexlint.checks import sequences

    if anchored:
        (tmp_path / "anchored.yaml").write_text(ANCHORED_PROBLEM, encoding="utf-8")
        book = load_phrasebooks([str(tmp_path / "anchored.yaml")], default=False)
    else:
        book = load_phrasebooks()
    nlp = pipeline("default")
    state = sequences.prepare(book, nlp)
    rows = [
        json.loads(line)
        for line in (corpus / "twcs_agent_replies.jsonl").read_text(encoding="utf-8").splitlines()[:1500]
    ]
    texts = [r["customer_text"] for r in rows if r.get("customer_text")]
    texts += [
        "Tell me if you run into any other issues. Mine is broken",
        "Tell me if you run into any other issues.",
        "# Broken\nIt never arrived.",
        "#1 broken again",
        "Broken. Still broken!",
        "It is broken",
        "  \n ",
    ]
    seen = [state.context_moves(t) for t in texts]
    assert seen == [_context_moves_from_sentences(nlp, state, t) for t in texts]
    if anchored:  # a heading is no line; "#1" and "Broken." start their sentences; "It is broken" does not
        assert seen[-5:] == [frozenset(), {"complaint"}, {"complaint"}, frozenset(), frozenset()]
    else:  # the gap pattern in problem's `unless` reads the sentence it is in
        assert seen[-7:-5] == [{"problem"}, frozenset()] and sum(1 for s in seen if s) > 300
