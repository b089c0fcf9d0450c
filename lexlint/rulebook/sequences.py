"""Moves and sequences in a phrasebook: named sentence kinds, and the order and structure rules over them.

moves:
  empathy:
    match: ["I'm (so) sorry", "I understand how frustrating"]   # the phrase mini-language
    unless: ["sorry for any inconvenience"]
    example: "I'm so sorry about this."                       # offered in suggestions
sequences:
  - id: empathy-before-fix
    when: [problem]          # the rule applies when one of these is in the message or its context
    when_in: [message, customer]  # where `when` looks (default both); [message]: the message's own moves
    unless: [settled]        # and not when one of these is in the message (the problem is over)
    order: [empathy, fix]    # the first sentence of each comes in this order
    require: [empathy, fix]  # each must be present
    first: greeting within 1 # a move among the first N sentences
    last: closing within 2   # a move among the last N sentences
    min_sentences: 3         # only messages at least this long
    channels: [email, text]  # only these channels
  - id: short-enough
    max_sentences: 8         # a message longer than this is a finding (at its first sentence past it)
    max_words: 150
  - id: last-word
    answer:                  # a call or chat: when the customer's last turn carries one of these moves,
      customer: [thanks, farewell]   # the agent speaks last and answers it
      with: [welcome, farewell]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from lexlint.errors import PhrasebookError
from lexlint.rulebook import fields
from lexlint.rulebook.fields import Origin, PatternSpec, Rule
from lexlint.rulebook.yamlmarks import Located, shown

MOVE_KEYS = {"match", "unless", "example", "examples", "extend"}
MOVE_EXAMPLE_KEYS = {"match", "no_match"}
ANSWER_KEYS = {"customer", "with"}
SEQUENCE_KEYS = {
    "id",
    "when",
    "when_in",
    "unless",
    "order",
    "require",
    "first",
    "last",
    "min_sentences",
    "max_sentences",
    "max_words",
    "answer",
    "channels",
    "why",
    "severity",
    "tags",
    "examples",
}
WHEN_IN = ("message", "customer")  # where a sequence's `when` moves may be: the message, the customer's message
POSITION_RE = re.compile(r"\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*(?:within\s+([1-9][0-9]*))?\s*\Z")


@dataclass(frozen=True)
class Move:
    name: str
    match: tuple[PatternSpec, ...]
    origin: Origin
    unless: tuple[PatternSpec, ...] = ()
    example: str | None = None
    carried_by: tuple[str, ...] = ()  # sentences that carry the move (examples: match)
    not_carried_by: tuple[str, ...] = ()  # look-alikes that do not (examples: no_match)
    extend: bool | None = None  # over an inherited move of this name: add to it (True), replace it (False, or None
    # with a note saying so)

    def extended(self, by: Move) -> Move:
        """This move with `by`'s patterns, look-alikes and examples added (its example line, when it has one),
        where `by` is written: `lexlint test` on that file checks every example against the patterns added."""
        return replace(
            self,
            origin=by.origin,
            match=self.match + by.match,
            unless=self.unless + by.unless,
            example=by.example or self.example,
            carried_by=self.carried_by + by.carried_by,
            not_carried_by=self.not_carried_by + by.not_carried_by,
        )


class Position(NamedTuple):
    move: str
    within: int


@dataclass(frozen=True)
class SequenceRule(Rule):
    when: tuple[str, ...] = ()
    when_customer: bool = True  # `when` moves in the customer's message count too (when_in names customer)
    unless: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    require: tuple[str, ...] = ()
    first: Position | None = None
    last: Position | None = None
    min_sentences: int = 1
    max_sentences: int | None = None
    max_words: int | None = None
    answer: tuple[str, ...] = ()  # the customer's last-turn moves the agent must answer, last
    answer_with: tuple[str, ...] = ()  # the moves that answer them
    channels: tuple[str, ...] = ()
    refs: tuple[tuple[str, Origin], ...] = ()  # every move named, with where, for validation

    def moves_named(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.refs)


def parse_moves(item: Located | None, path: str) -> tuple[Move, ...]:
    if item is None or item.value is None:
        return ()
    out = []
    for name, value in fields.mapping(item, path, "moves").items():
        mark = (item.key_marks or {}).get(name, value.mark)
        fields.kebab_case(name, "move name", path, mark)
        out.append(_move(name, value, path, Origin(path, *mark)))
    return tuple(out)


def _move(name: str, item: Located, path: str, origin: Origin) -> Move:
    if isinstance(item.value, (list, str)):
        return Move(name, fields.pattern_list(item, path, "match"), origin)
    spec = fields.mapping(item, path, f"move {name!r}")
    fields.check_keys(item, MOVE_KEYS, path)
    if "match" not in spec:
        raise PhrasebookError(f"move {name!r} is missing 'match'", *origin)
    match = fields.pattern_list(spec["match"], path, "match")
    if not match:
        raise PhrasebookError(f"move {name!r}: match is empty", path, *spec["match"].mark)
    example = fields.text(spec["example"], path, "example") if "example" in spec else None
    carried: dict[str, tuple[str, ...]] = {"match": (), "no_match": ()}
    if "examples" in spec:
        examples = fields.mapping(spec["examples"], path, f"move {name!r} examples")
        fields.check_keys(spec["examples"], MOVE_EXAMPLE_KEYS, path)
        for key in carried:
            carried[key] = fields.texts(examples, key, path, "example")
    extend = None
    if "extend" in spec:
        if not isinstance(spec["extend"].value, bool):
            raise PhrasebookError(f"move {name!r}: extend must be true or false", path, *spec["extend"].mark)
        extend = spec["extend"].value
    return Move(
        name,
        match,
        origin,
        fields.pattern_list(spec.get("unless"), path, "unless"),
        example,
        carried["match"],
        carried["no_match"],
        extend,
    )


def parse_sequences(item: Located | None, path: str) -> tuple[SequenceRule, ...]:
    out: list[SequenceRule] = []
    ids: set[str] = set()
    for entry in fields.items(item, path, "sequences"):
        rule = _sequence(entry, path)
        fields.new_id(rule.id, ids, entry, path, "sequence id")
        out.append(rule)
    return tuple(out)


def _sequence(item: Located, path: str) -> SequenceRule:
    spec, rule_id = fields.rule_spec(item, path, "sequence", SEQUENCE_KEYS, ())
    refs: list[tuple[str, Origin]] = []

    def names(key: str, node: Located | None = None) -> tuple[str, ...]:
        named = fields.items(node or spec.get(key), path, key, scalar_ok=True)
        refs.extend((fields.text(v, path, f"{key} item"), Origin(path, *v.mark)) for v in named)
        return tuple(v.value for v in named)

    def where_when() -> bool:
        """Whether `when` reads the customer's message too (when_in: [message, customer], the default)."""
        if "when_in" not in spec:
            return True
        node = spec["when_in"]
        places = [fields.text(v, path, "when_in item") for v in fields.items(node, path, "when_in", scalar_ok=True)]
        wrong = [p for p in places if p not in WHEN_IN]
        if wrong:
            raise PhrasebookError(f"when_in takes {' and/or '.join(WHEN_IN)}, not {wrong[0]!r}", path, *node.mark)
        if "message" not in places:
            raise PhrasebookError(
                "when_in must include message: a rule applies when the message itself carries its moves",
                path,
                *node.mark,
            )
        if "when" not in spec:
            raise PhrasebookError("when_in without when: it says where the when moves are looked for", path, *node.mark)
        return "customer" in places

    def position(key: str) -> Position | None:
        if key not in spec:
            return None
        found = POSITION_RE.match(fields.text(spec[key], path, key))
        if not found:
            raise PhrasebookError(
                f"{key} must read like 'greeting within 2', not {shown(spec[key].value)}", path, *spec[key].mark
            )
        refs.append((found.group(1), Origin(path, *spec[key].mark)))
        return Position(found.group(1), int(found.group(2) or 1))

    def count(key: str) -> int | None:
        if key not in spec:
            return None
        value = spec[key].value
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise PhrasebookError(f"{key} must be a whole number of at least 1", path, *spec[key].mark)
        return value

    def answer() -> tuple[tuple[str, ...], tuple[str, ...]]:
        if "answer" not in spec:
            return (), ()
        fields.mapping(spec["answer"], path, "answer")
        fields.check_keys(spec["answer"], ANSWER_KEYS, path)
        inner = spec["answer"].value
        if "customer" not in inner or "with" not in inner:
            raise PhrasebookError("answer needs both 'customer' and 'with' moves", path, *spec["answer"].mark)
        return names("customer", inner["customer"]), names("with", inner["with"])

    when, unless, order, require = names("when"), names("unless"), names("order"), names("require")
    when_customer = where_when()
    first, last = position("first"), position("last")
    max_sentences, max_words = count("max_sentences"), count("max_words")
    answer_to, answer_with = answer()
    if not (order or require or first or last or max_sentences or max_words or answer_to):
        raise PhrasebookError(
            "a sequence needs at least one of order, require, first, last, max_sentences, max_words, answer",
            path,
            *item.mark,
        )
    severity = fields.severity(spec, path)
    min_sentences = count("min_sentences") or 1
    channels = fields.texts(spec, "channels", path, "channel")
    tags = fields.tags(spec, path)
    bad, good = fields.examples(spec, path)
    return SequenceRule(
        id=rule_id,
        why=fields.why(spec, path),
        origin=Origin(path, *item.mark),
        when=when,
        when_customer=when_customer,
        unless=unless,
        order=order,
        require=require,
        first=first,
        last=last,
        min_sentences=min_sentences,
        max_sentences=max_sentences,
        max_words=max_words,
        answer=answer_to,
        answer_with=answer_with,
        channels=channels,
        severity=severity,
        tags=tags,
        bad=bad,
        good=good,
        refs=tuple(refs),
    )


def check_refs(moves: dict[str, Move], sequences: dict[str, SequenceRule]) -> None:
    """Every move a sequence names is defined once the layers are merged."""
    for rule in sequences.values():
        for name, origin in rule.refs:
            if name not in moves:
                known = ", ".join(sorted(moves)) or "none defined"
                raise PhrasebookError(f"sequence {rule.id!r}: unknown move {name!r} (moves: {known})", *origin)


def checks(rule: SequenceRule) -> list[str]:
    """What a sequence checks, a phrase for each of its settings ("order empathy > fix")."""
    where = "" if rule.when_customer else " (in the message itself)"
    parts = [f"when {'|'.join(rule.when)}{where}"] if rule.when else []
    parts += [f"unless {'|'.join(rule.unless)}"] if rule.unless else []
    parts += [f"order {' > '.join(rule.order)}"] if rule.order else []
    parts += [f"require {', '.join(rule.require)}"] if rule.require else []
    parts += [
        f"{key} {pos.move} within {pos.within}" for key, pos in (("first", rule.first), ("last", rule.last)) if pos
    ]
    parts += [f"min {rule.min_sentences} sentences"] if rule.min_sentences > 1 else []
    parts += [f"at most {rule.max_sentences} sentences"] if rule.max_sentences else []
    parts += [f"at most {rule.max_words} words"] if rule.max_words else []
    parts += (
        [f"the customer's last {'|'.join(rule.answer)} answered with {'|'.join(rule.answer_with)}"]
        if rule.answer
        else []
    )
    parts += [f"channels {', '.join(rule.channels)}"] if rule.channels else []
    return parts


def describe(rule: SequenceRule) -> str:
    """A one-line summary of what a sequence checks, for `lexlint rules`."""
    return "; ".join(checks(rule))
