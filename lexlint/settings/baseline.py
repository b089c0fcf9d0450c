"""Baselines: today's findings recorded so that only new ones are reported.

An entry is a fingerprint (rule + path relative to the baseline file + normalised matched text + hash of
the sentence) with a count: two identical findings in one file need two in the baseline."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from lexlint.errors import LexlintError
from lexlint.findings import Finding
from lexlint.settings.fingerprint import fingerprint, normalise, relative

if TYPE_CHECKING:
    from lexlint.findings import Hit
    from lexlint.sources.segments import Segment

    Fixable = tuple[Segment, Hit, Finding]
    Lint = Callable[[list[Segment]], Iterable[Fixable]]

VERSION = 1


def _keyed(findings: list[Finding], sources: Mapping[str, str], root: str) -> list[tuple[str, Finding]]:
    return [(fingerprint(f, sources.get(f.path, ""), relative(f.path, root)), f) for f in findings]


def write(path: str, findings: list[Finding], sources: Mapping[str, str]) -> int:
    root = os.path.dirname(os.path.abspath(path))
    counts: Counter[str] = Counter()
    info: dict[str, dict[str, object]] = {}
    for key, f in _keyed(findings, sources, root):
        counts[key] += 1
        info.setdefault(key, {"rule": f.rule, "path": relative(f.path, root), "matched": normalise(f.matched)})
    entries = [
        {"fingerprint": k, **info[k], "count": counts[k]} for k in sorted(info, key=lambda k: (info[k]["path"], k))
    ]
    try:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({"version": VERSION, "findings": entries}, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
    except OSError as exc:
        raise LexlintError(f"cannot write baseline: {exc.strerror or exc}", path) from None
    return len(findings)


def load(path: str) -> Counter[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        return Counter({e["fingerprint"]: int(e.get("count", 1)) for e in doc["findings"]})
    except OSError as exc:
        raise LexlintError(f"cannot read baseline: {exc.strerror or exc}", path) from None
    except RecursionError:
        raise LexlintError("not a lexlint baseline: nested too deeply", path) from None
    except (ValueError, KeyError, TypeError) as exc:  # not JSON (a number too long for int() included), no findings
        raise LexlintError(f"not a lexlint baseline: {str(exc)[:200]}", path) from None


def new_findings(path: str, findings: list[Finding], sources: Mapping[str, str]) -> list[Finding]:
    """The findings the baseline does not account for (each baseline entry absorbs `count` of them)."""
    budget = load(path)
    out = []
    for key, f in _keyed(findings, sources, os.path.dirname(os.path.abspath(path))):
        if budget[key] > 0:
            budget[key] -= 1
        else:
            out.append(f)
    return out


def unrecorded(path: str) -> Callable[[Lint], Lint]:
    """What narrows `lint` (what `--fix` rewrites) to the findings this baseline does not record: a recorded
    finding is left as it stands, as the check that follows leaves it unreported. Each call (one pass over a
    file's text) draws on the whole baseline, as a check does. Loads the baseline now (LexlintError)."""
    recorded = load(path)
    root = os.path.dirname(os.path.abspath(path))

    def narrow(lint: Lint) -> Lint:
        def filtered(segments: list[Segment]) -> Iterator[Fixable]:
            budget = recorded.copy()
            for segment, hit, f in lint(segments):
                key = fingerprint(f, segment.source, relative(f.path, root))
                if budget[key] > 0:
                    budget[key] -= 1
                else:
                    yield segment, hit, f

        return filtered

    return narrow
