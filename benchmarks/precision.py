"""Precision of the bundled rules on real replies, against verdicts recorded by reading.

    .venv/bin/python benchmarks/precision.py [--part dev|holdout|all] [--corpus ../shared/corpus]
    .venv/bin/python benchmarks/precision.py show twcs_agent_replies.jsonl:118 [...]
    .venv/bin/python benchmarks/precision.py unjudged [--rule R] [--part dev] [--limit 40] [--seed 1]
    .venv/bin/python benchmarks/precision.py unflagged [--grep REGEX] [--limit 40] [--seed 1]
    .venv/bin/python benchmarks/precision.py scores [--part all]

Each corpus input is linted the way a user would lint it (`lexlint check FILE --format json`: the JSONL with
the customer's tweet as context, the brand CSVs, the macro library as a `{title: text}` export). Findings
join the verdicts in benchmarks/judged/ by reference only (input, line, rule, column): the corpus text
never enters the repository. A message belongs to the held-aside part when a hash of its reference says so
(a quarter of messages); `--part holdout` reports it, and the rules are tuned on the dev part alone.

The report prints, per rule: judged findings that still fire, precision (right / (right + wrong); the
strict figure counts borderline calls as wrong), the share of findings judged right that still fire,
rewrites by verdict (a suggestion that changed since it was judged counts as unjudged), recorded misses
still missed, findings not judged yet, and findings per rule on the whole corpus against the counts
recorded before the accuracy work (benchmarks/judged/counts-before.json).

`scores` compares the score (lexlint.score) of messages judged good (read and judged clean, or every
finding judged wrong) with that of messages judged bad (a finding judged right).

`show` prints a message whole, with the customer's message it answers and every finding in it: what the
verdicts are read from. `unjudged` and `unflagged` draw references to read next, so the set grows with
the rules. Findings are cached by lexlint itself in a scratch folder (`--scratch`), so `show` is quick.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lexlint.sources.jsonl import reply_groups

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "benchmarks" / "judged"
FINDINGS_CSV = JUDGED / "findings.csv"
MESSAGES_CSV = JUDGED / "messages.csv"
COUNTS_BEFORE = JUDGED / "counts-before.json"
INPUTS = (
    "twcs_agent_replies.jsonl",
    "brand_replies_applesupport.csv",
    "brand_replies_spotifycares.csv",
    "paysend_macros.json",
)
FINDING_FIELDS = ("input", "line", "column", "rule", "form", "verdict", "rewrite", "suggestion_sha", "reason", "round")
MESSAGE_FIELDS = ("input", "line", "rule", "verdict", "reason")
VERDICTS = ("right", "wrong", "borderline")
REWRITES = ("usable", "awkward", "broken", "none")
HOLDOUT_SHARE = 4  # one message in four is held aside


@dataclass(frozen=True)
class Message:
    input: str
    line: int  # the line the message starts on, in the corpus file
    text: str
    context: str
    title: str = ""


@dataclass
class Corpus:
    messages: dict[str, list[Message]] = field(default_factory=dict)  # input -> messages in file order
    parts: dict[str, dict[int, Message]] = field(default_factory=dict)  # input -> line -> the reply it is part of

    def message_at(self, input_name: str, line: int) -> Message | None:
        """The message a line of the file belongs to."""
        if line in self.parts.get(input_name, {}):
            return self.parts[input_name][line]
        found = None
        for message in self.messages[input_name]:
            if message.line > line:
                break
            found = message
        return found


def load_corpus(folder: Path) -> Corpus:
    corpus = Corpus()
    for name in INPUTS:
        path = folder / name
        if name.endswith(".jsonl"):
            # a reply sent as several tweets is one message, as lexlint reads it
            numbered = [
                (i, json.loads(line))
                for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.strip()
            ]
            rows = []
            for group in reply_groups([record for _i, record in numbered]):
                lines = [numbered[k][0] for k in group]
                records = [numbered[k][1] for k in group]
                message = Message(
                    name,
                    min(lines),
                    "\n\n".join(r.get("text") or "" for r in records),
                    records[0].get("customer_text") or "",
                )
                rows.append(message)
                corpus.parts.setdefault(name, {}).update(dict.fromkeys(lines, message))
        elif name.endswith(".csv"):
            rows = []
            with path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                column = header.index("text")
                start = reader.line_num + 1
                for row in reader:
                    rows.append(Message(name, start, row[column] if len(row) > column else "", ""))
                    start = reader.line_num + 1
        else:  # a {title: text} export written one macro per line
            rows = []
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.match(r'\s*"', line):
                    ((title, text),) = json.loads("{" + line.strip().rstrip(",") + "}").items()
                    rows.append(Message(name, i, text, "", title))
        corpus.messages[name] = rows
    return corpus


def holdout(input_name: str, line: int) -> bool:
    return hashlib.sha1(f"{input_name}:{line}".encode()).digest()[0] % HOLDOUT_SHARE == 0


def sha(text: str | None) -> str:
    return hashlib.sha1((text or "").encode("utf-8")).hexdigest()[:10]


_CALLED: dict[str, str] = {}  # what a finding calls a move -> the move ("next step" -> fix)
_FORM_KEYS = ("order", "require-before", "require-after", "require-start", "first", "last")


def _form_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The message templates of ordering findings (rules/_sequences.yaml) as patterns: a finding's form
    (what it says is wrong) is read back from its message, so verdicts survive a rewording."""
    data = yaml.safe_load((ROOT / "rules" / "_sequences.yaml").read_text(encoding="utf-8"))
    out = []
    for move, called in data.get("names", {}).items():  # "a next step" and "next step" both say fix
        _CALLED[called] = _CALLED[called.split(" ", 1)[1]] = move
    for key in _FORM_KEYS:
        if key not in data:
            continue
        template = re.escape(data[key]["message"])
        template = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>.+?)", template)
        out.append((key, re.compile(template)))
    return out


def form_of(finding: dict, patterns: list[tuple[str, re.Pattern[str]]]) -> str:
    """For an ordering finding: `order:empathy<fix` (fix before any empathy), `missing:empathy`,
    `missing:empathy+fix`, `first:greeting`, `last:closing`; empty for a phrase finding."""
    for key, pattern in patterns:
        m = pattern.match(finding["message"])
        if m:
            groups = {k.removeprefix("a_"): _CALLED.get(v, v) for k, v in m.groupdict().items()}
            if key == "order":
                return f"order:{groups.get('other')}<{groups.get('move')}"
            if key.startswith("require"):
                parts = m.group("move").split(" and no ")
                return "missing:" + "+".join(sorted(_CALLED.get(p, p) for p in parts))
            return f"{key}:{groups.get('move')}"
    return ""


@dataclass
class Found:
    input: str
    line: int  # the message's first line
    finding: dict
    form: str

    @property
    def rule(self) -> str:
        return self.finding["rule"]

    @property
    def key(self) -> tuple[str, int, int, str, str]:
        return (self.input, self.finding["line"], self.finding["column"], self.rule, self.form)


def lint(folder: Path, scratch: Path) -> dict[str, list[dict]]:
    """Every input linted by the lexlint command with the bundled rules, its findings cache in `scratch`."""
    scratch.mkdir(parents=True, exist_ok=True)
    out = {}
    for name in INPUTS:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "lexlint",
                "check",
                str((folder / name).resolve()),
                "--format",
                "json",
                "--fail-on",
                "never",
                "--quiet",
            ],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            sys.exit(f"lexlint failed on {name}: {run.stderr.strip()}")
        out[name] = json.loads(run.stdout)["findings"]
    return out


def gather(corpus: Corpus, linted: dict[str, list[dict]]) -> list[Found]:
    patterns = _form_patterns()
    found = []
    for name, findings in linted.items():
        for finding in findings:
            message = corpus.message_at(name, finding["line"])
            found.append(Found(name, message.line if message else finding["line"], finding, form_of(finding, patterns)))
    return found


def read_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row.get("input")]


def join(found: list[Found], verdicts: list[dict]) -> dict[int, dict]:
    """Index into `found` -> its verdict: by input, line, column, rule and form; else by message, rule and
    form when exactly one such finding and one such verdict stand in the message (the finding moved a
    sentence). A finding whose form changed (it says something else is wrong) is not judged yet."""
    exact = {(v["input"], int(v["line"]), int(v["column"]), v["rule"], v["form"]): v for v in verdicts}
    out: dict[int, dict] = {}
    used = set()
    for i, f in enumerate(found):
        v = exact.get(f.key)
        if v is not None:
            out[i] = v
            used.add(id(v))
    by_message: dict[tuple[str, int, str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(found):
        by_message[(f.input, f.line, f.rule, f.form)].append(i)
    loose: dict[tuple[str, int, str, str], list[dict]] = defaultdict(list)
    for v in verdicts:
        if id(v) not in used:
            loose[(v["input"], int(v.get("message_line") or v["line"]), v["rule"], v["form"])].append(v)
    for k, vs in loose.items():
        idx = [i for i in by_message.get(k, []) if i not in out]
        if len(vs) == 1 and len(idx) == 1:
            out[idx[0]] = vs[0]
    return out


def in_part(input_name: str, line: int, part: str) -> bool:
    return part == "all" or holdout(input_name, line) == (part == "holdout")


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    – "


def _at_messages(corpus: Corpus, rows: list[dict], key: str) -> list[dict]:
    """Rows with `key` set to the line their message starts on (a reply sent as several tweets is one)."""
    for row in rows:
        message = corpus.message_at(row["input"], int(row["line"]))
        row[key] = str(message.line if message else row["line"])
    return rows


def load_verdicts(corpus: Corpus) -> list[dict]:
    """findings.csv, each row with the line its message starts on (`message_line`)."""
    return _at_messages(corpus, read_rows(FINDINGS_CSV), "message_line")


def _reported(form: str) -> set[str]:
    """The forms a finding stands for: itself, and for "missing:A" the two-move forms that include A."""
    if not form.startswith("missing:") or "+" in form:
        return {form}
    move = form.split(":", 1)[1]
    return {form, f"missing:{move}+fix", f"missing:empathy+{move}"}


def load_messages(corpus: Corpus) -> list[dict]:
    """messages.csv, each row at the line its message starts on."""
    return _at_messages(corpus, read_rows(MESSAGES_CSV), "line")


def report(corpus: Corpus, found: list[Found], part: str) -> None:
    verdicts = [v for v in load_verdicts(corpus) if in_part(v["input"], int(v["message_line"]), part)]
    joined = join(found, verdicts)
    mine = [i for i, f in enumerate(found) if in_part(f.input, f.line, part)]
    rules = sorted({found[i].rule for i in mine} | {v["rule"] for v in verdicts})
    print(f"part: {part}  ({len(verdicts)} judged findings, {len(mine)} findings now)")
    print(
        f"{'rule':22} {'now':>5} {'judged':>6} {'right':>5} {'wrong':>5} {'bord':>4} {'precision':>9} "
        f"{'strict':>7} {'kept':>7} {'unjudged':>8}"
    )
    totals = Counter()
    # a verdict still fires when its finding does: joined, or the same rule and form still stand in its
    # message (a later round judged the finding where it moved)
    # (a finding that said two moves were missing still fires when one of them is still reported missing)
    firing_forms = {(f.input, f.line, f.rule, form) for f in found for form in _reported(f.form)}
    still = {id(v) for v in joined.values()} | {
        id(v) for v in verdicts if (v["input"], int(v["message_line"]), v["rule"], v["form"]) in firing_forms
    }
    for rule in rules:
        idx = [i for i in mine if found[i].rule == rule]
        judged = [joined[i] for i in idx if i in joined]
        c = Counter(v["verdict"] for v in judged)
        right_before = [v for v in verdicts if v["rule"] == rule and v["verdict"] == "right" and v.get("round") == "1"]
        kept = sum(1 for v in right_before if id(v) in still)
        totals.update(
            {
                "now": len(idx),
                "judged": len(judged),
                "right_before": len(right_before),
                "kept": kept,
                **{k: c[k] for k in VERDICTS},
            }
        )
        print(
            f"{rule:22} {len(idx):5d} {len(judged):6d} {c['right']:5d} {c['wrong']:5d} {c['borderline']:4d} "
            f"{pct(c['right'], c['right'] + c['wrong']):>9} {pct(c['right'], len(judged)):>7} "
            f"{pct(kept, len(right_before)):>7} {len(idx) - len(judged):8d}"
        )
    print(
        f"{'all':22} {totals['now']:5d} {totals['judged']:6d} {totals['right']:5d} {totals['wrong']:5d} "
        f"{totals['borderline']:4d} {pct(totals['right'], totals['right'] + totals['wrong']):>9} "
        f"{pct(totals['right'], totals['judged']):>7} {pct(totals['kept'], totals['right_before']):>7} "
        f"{totals['now'] - totals['judged']:8d}"
    )
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for i, v in joined.items():
        if found[i].form and in_part(found[i].input, found[i].line, part):
            forms[(found[i].rule, found[i].form)][v["verdict"]] += 1
    for (rule, form), c in sorted(forms.items()):
        print(
            f"  {rule} [{form}]: {c['right']} right, {c['wrong']} wrong, {c['borderline']} borderline, "
            f"precision {pct(c['right'], c['right'] + c['wrong']).strip()}"
        )
    rewrites = Counter()
    for i, v in joined.items():
        if v["verdict"] == "right" and found[i].finding.get("suggestion"):
            same = v.get("suggestion_sha") == sha(found[i].finding["suggestion"])
            rewrites[v["rewrite"] if same else "changed since judged"] += 1
    print(
        "rewrites on findings judged right: " + (", ".join(f"{k} {n}" for k, n in sorted(rewrites.items())) or "none")
    )
    misses = [
        m for m in load_messages(corpus) if m["verdict"] == "missed" and in_part(m["input"], int(m["line"]), part)
    ]
    firing = {(f.input, f.line, f.rule) for f in found}
    still_missed = [m for m in misses if (m["input"], int(m["line"]), m["rule"]) not in firing]
    by_rule = Counter(m["rule"] for m in still_missed)
    print(
        f"misses recorded: {len(misses)}, still missed: {len(still_missed)}"
        + (" (" + ", ".join(f"{r} {n}" for r, n in by_rule.most_common()) + ")" if by_rule else "")
    )
    read = load_messages(corpus)
    print(f"unflagged messages read: {sum(1 for m in read if in_part(m['input'], int(m['line']), part))}")


def counts(found: list[Found]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for f in found:
        out[f.input][f.rule] += 1
    return {name: dict(sorted(c.items())) for name, c in sorted(out.items())}


def print_counts(found: list[Found]) -> None:
    now = counts(found)
    before = json.loads(COUNTS_BEFORE.read_text(encoding="utf-8")) if COUNTS_BEFORE.exists() else {}
    print("\nfindings per rule on the whole corpus (before the accuracy work -> now)")
    total_before: Counter[str] = Counter()
    total_now: Counter[str] = Counter()
    for name in INPUTS:
        total_before.update(before.get(name, {}))
        total_now.update(now.get(name, {}))
    for rule in sorted(set(total_before) | set(total_now)):
        per = "  ".join(
            f"{name.split('_')[-1].split('.')[0]} {before.get(name, {}).get(rule, 0)}->{now.get(name, {}).get(rule, 0)}"
            for name in INPUTS
            if before.get(name, {}).get(rule) or now.get(name, {}).get(rule)
        )
        print(f"  {rule:22} {total_before[rule]:5d} -> {total_now[rule]:5d}   ({per})")
    print(f"  {'all':22} {sum(total_before.values()):5d} -> {sum(total_now.values()):5d}")


def show(corpus: Corpus, found: list[Found], refs: list[str]) -> None:
    by_message: dict[tuple[str, int], list[Found]] = defaultdict(list)
    for f in found:
        by_message[(f.input, f.line)].append(f)
    for ref in refs:
        name, _, line = ref.rpartition(":")
        message = corpus.message_at(name, int(line))
        if message is None:
            print(f"\n=== {ref}: no such message")
            continue
        print(f"\n=== {name}:{message.line}" + (f"  [macro title: {message.title}]" if message.title else ""))
        if message.context:
            print(f"CUSTOMER: {message.context}")
        print(f"REPLY:\n{message.text}")
        for f in by_message.get((name, message.line), []):
            x = f.finding
            print(
                f"  -> {x['rule']} at line {x['line']} col {x['column']} [{f.form or 'phrase'}] "
                f"matched {x['matched'][:120]!r}"
            )
            print(f"     message: {x['message']}")
            print(f"     suggestion: {x['suggestion']!r}  (sha {sha(x['suggestion'])}, fix {x['fix']})")


def scores(corpus: Corpus, found: list[Found], part: str) -> None:
    """Messages judged good against messages judged bad, by the score lexlint gives them (lexlint.score):
    good is a message read and judged clean with no finding, or whose findings were all judged wrong; bad is
    a message with a finding judged right. A message with a finding not judged yet, or only borderline ones
    beside wrong ones, is left out. The score is worked out from the findings `check` reports, each message's
    words and whether a rule is an ordering rule, as `check`'s summary works it out."""
    from lexlint import score
    from lexlint.findings import Finding
    from lexlint.rulebook.phrasebook import load_phrasebooks

    ordering = {rule.id for rule in load_phrasebooks([]).sequences}
    joined = join(found, load_verdicts(corpus))
    by_message: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, f in enumerate(found):
        if in_part(f.input, f.line, part):
            by_message[(f.input, f.line)].append(i)
    texts = {(m.input, m.line): m.text for name in INPUTS for m in corpus.messages[name]}

    def scored(key: tuple[str, int], idx: list[int]) -> float:
        n_words = score.words(texts.get(key, ""))
        findings = [
            Finding(
                key[0], 0, 0, 0, 0, found[i].rule, found[i].finding["severity"], "", "", None, "none", 0, 0
            )._replace(message_words=n_words, ordering=found[i].rule in ordering)
            for i in idx
        ]
        return score.message_score(findings, n_words)

    good_flagged, bad = [], []
    for key, idx in by_message.items():
        verdicts = [joined[i]["verdict"] if i in joined else None for i in idx]
        if "right" in verdicts:
            bad.append(scored(key, idx))
        elif verdicts and all(v == "wrong" for v in verdicts):
            good_flagged.append(scored(key, idx))
    flagged = set(by_message)
    clean = [
        score.PERFECT
        for m in load_messages(corpus)
        if m["verdict"] == "clean"
        and in_part(m["input"], int(m["line"]), part)
        and (m["input"], int(m["line"])) not in flagged
    ]
    missed = [
        m
        for m in load_messages(corpus)
        if m["verdict"] == "missed"
        and in_part(m["input"], int(m["line"]), part)
        and (m["input"], int(m["line"])) not in flagged
    ]
    good = clean + good_flagged

    def describe(name: str, values: list[float]) -> None:
        if not values:
            print(f"  {name:44} none")
            return
        ordered = sorted(values)
        median = ordered[len(ordered) // 2]
        print(f"  {name:44} {len(values):5d}  mean {sum(values) / len(values):5.1f}  median {median:5.1f}")

    def higher(a: list[float], b: list[float]) -> str:
        """How often a message of `a` scores above one of `b` (ties count half): 0.5 is chance."""
        if not a or not b:
            return "–"
        wins = sum((x > y) + 0.5 * (x == y) for x in a for y in b)
        return f"{wins / (len(a) * len(b)):.2f}"

    print(f"part: {part}; scores of judged messages (lexlint.score)")
    describe("good: judged clean, no finding", clean)
    describe("good: every finding judged wrong", good_flagged)
    describe("good, all", good)
    describe("bad: a finding judged right", bad)
    print(f"  a good message scores above a bad one: {higher(good, bad)} of pairs (ties half)")
    print(f"  with findings both ways (every finding wrong vs one right): {higher(good_flagged, bad)} of pairs")
    print(f"  judged as missed (a rule should have fired, none did; they score 100): {len(missed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "command",
        nargs="?",
        default="report",
        choices=["report", "show", "unjudged", "unflagged", "counts", "wrong", "missed", "scores"],
    )
    parser.add_argument("refs", nargs="*")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/lexlint-precision"))
    parser.add_argument("--part", choices=["dev", "holdout", "all"], default="dev")
    parser.add_argument("--rule")
    parser.add_argument("--input")
    parser.add_argument("--grep", help="unflagged: only messages matching this regex (case-insensitive)")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = load_corpus(args.corpus)
    found = gather(corpus, lint(args.corpus, args.scratch))
    if args.command == "report":
        report(corpus, found, args.part)
        print_counts(found)
    elif args.command == "scores":
        scores(corpus, found, args.part)
    elif args.command == "counts":
        print(json.dumps(counts(found), indent=1))
    elif args.command == "show":
        show(corpus, found, args.refs)
    elif args.command == "unjudged":
        joined = join(found, load_verdicts(corpus))
        pool = [
            f
            for i, f in enumerate(found)
            if i not in joined
            and in_part(f.input, f.line, args.part)
            and (not args.rule or f.rule == args.rule)
            and (not args.input or f.input == args.input)
        ]
        for f in random.Random(args.seed).sample(pool, min(args.limit, len(pool))):
            print(f"{f.input}:{f.finding['line']}:{f.finding['column']}:{f.rule}")
    elif args.command == "wrong":
        for i, v in sorted(join(found, load_verdicts(corpus)).items()):
            f = found[i]
            if (
                v["verdict"] != "right"
                and in_part(f.input, f.line, args.part)
                and (not args.rule or f.rule == args.rule)
            ):
                print(f"{f.input}:{f.line} {f.rule} [{f.form}] {v['verdict']}: {v['reason']}")
    elif args.command == "missed":
        firing = {(f.input, f.line, f.rule) for f in found}
        for m in load_messages(corpus):
            if (
                m["verdict"] == "missed"
                and in_part(m["input"], int(m["line"]), args.part)
                and (m["input"], int(m["line"]), m["rule"]) not in firing
            ):
                print(f"{m['input']}:{m['line']} {m['rule']}: {m['reason']}")
    else:
        flagged = {(f.input, f.line) for f in found}
        read = {(m["input"], int(m["line"])) for m in load_messages(corpus)}
        grep = re.compile(args.grep, re.IGNORECASE) if args.grep else None
        pool = [
            m
            for name in INPUTS
            if not args.input or name == args.input
            for m in corpus.messages[name]
            if (m.input, m.line) not in flagged
            and (m.input, m.line) not in read
            and in_part(m.input, m.line, args.part)
            and (grep is None or grep.search(m.text))
        ]
        for m in random.Random(args.seed).sample(pool, min(args.limit, len(pool))):
            print(f"{m.input}:{m.line}")


if __name__ == "__main__":
    main()
