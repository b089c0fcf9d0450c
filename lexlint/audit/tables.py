"""An audit's totals as tables (lists of rows, each a dict in column order): what the report draws, what
tables/*.csv hold and what summary.json carries for other tools. Every order is total (ties broken by name),
so the tables are the same however the partitions were run."""

from __future__ import annotations

import csv
import io
from typing import Any

from lexlint import score
from lexlint.audit.tally import BINS, SEP, Tally

Table = list[dict[str, Any]]
PER = 100  # findings are counted per this many replies


def _rate(n: int, d: int) -> float:
    return round(PER * n / d, 1) if d else 0.0


def _share(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def _mean(total: float, n: int) -> float:
    return round(total / n, 1) if n else score.PERFECT


def band_names() -> list[str]:
    return [f"{10 * i}-{10 * i + 9}" for i in range(BINS - 1)] + ["100"]


def rules(t: Tally) -> Table:
    rows = [
        {
            "rule": rule,
            "kind": "ordering" if c["ordering"] else "phrase",
            "findings": c["findings"],
            "messages": c["messages"],
            "per_100_replies": _rate(c["findings"], t["messages"]),
            "errors": c["errors"],
            "warnings": c["warnings"],
            "infos": c["infos"],
        }
        for rule, c in t["rules"].items()
    ]
    return sorted(rows, key=lambda r: (-r["findings"], r["rule"]))


def groups(t: Tally, key: str, conditional: list[str]) -> Table:
    """Per agent (key "agents") or per macro ("macros"): replies, findings per 100, mean score, the score
    bands, and each conditional rule's compliance."""
    out = []
    for name, g in t[key].items():
        row: dict[str, Any] = {
            key[:-1]: name,
            "replies": g["messages"],
            "flagged": g["flagged"],
            "findings": g["findings"],
            "per_100_replies": _rate(g["findings"], g["messages"]),
            "score": _mean(g["score_sum"], g["messages"]),
        }
        row.update({f"score_{band}": n for band, n in zip(band_names(), g["bins"])})
        for rule in conditional:
            applies, complies = g["compliance"].get(rule, [0, 0])
            row[f"{rule}_applies"] = applies
            row[f"{rule}_complies"] = complies
            row[f"{rule}_rate"] = _share(complies, applies)
        out.append(row)
    return sorted(out, key=lambda r: (-r["replies"], r[key[:-1]]))


def trend(t: Tally) -> Table:
    return [
        {
            "day": day,
            "replies": c["messages"],
            "findings": c["findings"],
            "per_100_replies": _rate(c["findings"], c["messages"]),
            "score": _mean(c["score_sum"], c["messages"]),
        }
        for day, c in sorted(t["days"].items())
    ]


def compliance(t: Tally, when: dict[str, tuple[str, ...]]) -> Table:
    rows = []
    for rule, moves in when.items():
        applies, complies = t["compliance"].get(rule, [0, 0])
        rows.append(
            {
                "rule": rule,
                "when": " or ".join(moves),
                "applies": applies,
                "complies": complies,
                "rate": _share(complies, applies),
            }
        )
    return rows


def rewrites(t: Tally) -> Table:
    rows = []
    for key, n in t["rewrites"].items():
        rule, matched, replacement = key.split(SEP, 2)
        rows.append({"rule": rule, "matched": matched, "replacement": replacement, "findings": n})
    return sorted(rows, key=lambda r: (-r["findings"], r["rule"], r["matched"], r["replacement"]))


def examples(t: Tally) -> Table:
    rows = []
    for rule in sorted(t["examples"]):
        for message, record, text, start, end, matched, suggestion, value in t["examples"][rule]:
            rows.append(
                {
                    "rule": rule,
                    "message": message,
                    "record": record,
                    "text": text,
                    "start": start,
                    "end": end,
                    "matched": matched,
                    "suggestion": suggestion,
                    "score": value,
                }
            )
    return rows


def all_tables(t: Tally, when: dict[str, tuple[str, ...]]) -> dict[str, Table]:
    conditional = list(when)
    return {
        "rules": rules(t),
        "agents": groups(t, "agents", conditional),
        "macros": groups(t, "macros", conditional),
        "trend": trend(t),
        "compliance": compliance(t, when),
        "rewrites": rewrites(t),
        "examples": examples(t),
    }


def totals(t: Tally) -> dict[str, Any]:
    return {
        "records": t["records"],
        "unreadable": t["unreadable"],
        "messages": t["messages"],
        "flagged": t["flagged"],
        "findings": t["findings"],
        "words": t["words"],
        "per_100_replies": _rate(t["findings"], t["messages"]),
        "score": _mean(t["score_sum"], t["messages"]),
        "score_bands": dict(zip(band_names(), t["bins"])),
    }


def scoring() -> dict[str, Any]:
    """How scores are worked out (lexlint.score), for a reader of summary.json."""
    return {
        "norm_words": score.NORM_WORDS,
        "phrase_weights": score.PHRASE_WEIGHTS,
        "ordering_weights": score.ORDERING_WEIGHTS,
        "critical_cap": score.CRITICAL_CAP,
        "not_scored": sorted(score.NOT_SCORED),
        "group_score": "the mean of its replies' scores",
    }


def to_csv(rows: Table) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
