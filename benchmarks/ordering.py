"""Empathy-first on real replies: ../shared/corpus/twcs_agent_replies.jsonl, the customer's tweet as context.

Prints how many replies are problem replies (a problem in the reply or in the customer's tweet), how many
break empathy-first (and how: fix before empathy, no empathy, no fix), how many get hello-goodbye findings,
and, with --show N, N flagged replies to read by hand.

    python benchmarks/ordering.py [--show 30] [--seed 3]
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from lexlint.engine import Linter
from lexlint.rulebook.phrasebook import load_phrasebooks
from lexlint.sources.segments import text_segment

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "twcs_agent_replies.jsonl"
RULE = "empathy-before-fix"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    linter = Linter(load_phrasebooks())
    state = linter.states["sequences"]
    segments = [
        text_segment(f"line {i + 1}", r["text"], channel="chat", context=r.get("customer_text") or "")
        for i, r in enumerate(rows)
    ]
    problem = 0
    kinds: Counter[str] = Counter()
    structure: Counter[str] = Counter()
    flagged = []
    for (segment, hits, _unused), doc in zip(linter.hits(segments), linter.nlp.pipe(s.text for s in segments)):
        from lexlint.checks.sequences import _found

        moves = {move for move, _start in _found(doc, state.matchers, state.keys, ["problem"])}
        if "problem" in moves | state.context_moves(segment.context):
            problem += 1
        mine = [h for h in hits if h.rule == RULE]
        structure.update(h.rule for h in hits if h.rule in ("greeting-first", "closing-last"))
        if mine:
            flagged.append((segment, mine))
            kinds.update(h.message.split(".")[0] for h in mine)
    print(f"replies: {len(rows)}")
    print(f"problem replies (problem in reply or customer tweet): {problem}")
    print(f"break empathy-first: {len(flagged)} ({len(flagged) / max(problem, 1):.0%} of problem replies)")
    for kind, n in kinds.most_common():
        print(f"  {n:5d}  {kind}")
    for rule, n in sorted(structure.items()):
        print(f"{rule}: {n}")
    for segment, mine in random.Random(args.seed).sample(flagged, min(args.show, len(flagged))):
        print(f"\n--- {segment.path}\nCUSTOMER: {segment.context[:300]}\nREPLY:    {segment.text}")
        for h in mine:
            print(f"  => {h.message.split('.')[0]}  @ {segment.text[h.start : h.end][:80]!r}")


if __name__ == "__main__":
    main()
