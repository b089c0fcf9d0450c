"""Words for the rules lexlint's checks implement in code, read from rules/_builtin.yaml."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import yaml

from lexlint.rulebook.resources import rules_dir


class BuiltinRule(NamedTuple):
    id: str
    severity: str
    message: str
    why: str
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()


@cache
def builtin_rules() -> dict[str, BuiltinRule]:
    data = yaml.safe_load((rules_dir() / "_builtin.yaml").read_text(encoding="utf-8")) or {}
    return {
        rid: BuiltinRule(
            rid,
            spec.get("severity", "warning"),
            spec["message"],
            spec.get("why", ""),
            tuple(spec.get("bad", ())),
            tuple(spec.get("good", ())),
        )
        for rid, spec in data.items()
    }


def builtin(rule_id: str) -> BuiltinRule:
    return builtin_rules()[rule_id]
