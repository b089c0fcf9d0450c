"""What a rule flags, why, bad and good examples, what to write instead and how safe its fix is: one record
per rule (`RuleDoc`), built here for an entry, a sequence (of any bundled profile, saying which) or one of
lexlint's own rules, and rendered by `render` in either format from the same parts: the text `lexlint explain`
prints and the server's `/v1/rules/{id}` returns, and the markdown of docs/rules.md (`document`, every rule)
and of a SARIF rule's help. Each rule's section is found at `#` + `anchor(id)`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from lexlint.errors import LexlintError

if TYPE_CHECKING:
    from lexlint.rulebook.phrasebook import Entry, Phrasebook
    from lexlint.rulebook.sequences import SequenceRule
    from lexlint.settings.config import Config

FORMATS = ("text", "markdown")
KINDS = {"entry": "phrase entry", "sequence": "sequence", "builtin": "built in"}
# What --fix does with a finding of each fix safety, and what a rule with nothing to rewrite offers.
FIXES = {
    "safe": "`lexlint check --fix` applies the rewrite",
    "unsafe": "only `lexlint check --fix --unsafe-fixes` applies the rewrite (it may change the meaning)",
    "none": "the rewrite is suggested, never applied",
}
NO_REWRITE = {
    "entry": "advice only, never applied",
    "sequence": "the finding says what to add and where",
    "builtin": "the finding says what to put right",
}
GROUPS = (
    ("entry", "Phrase entries"),
    ("sequence", "Sequences: order and structure"),
    ("builtin", "lexlint's own rules"),
)


class Flag(NamedTuple):
    """One thing a rule looks for: an avoid pattern (with its own rewrite, if it has one), or a check of a
    sequence's."""

    pattern: str
    try_: str | None = None


class Profile(NamedTuple):
    """The bundled profile a sequence belongs to, and whether the phrasebook explained loads it."""

    name: str
    active: bool


class RuleDoc(NamedTuple):
    """Everything said about a rule, wherever it is said: explain, the rules docs, a report's rule help."""

    id: str
    severity: str
    why: str
    instead: tuple[str, ...] = ()  # the rewrites, or the advice
    message: str = ""  # what a finding says, when it is not the why (lexlint's own rules)
    flags: tuple[Flag, ...] = ()  # an entry's avoid patterns, a sequence's checks
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    kind: str = "entry"  # a key of KINDS
    fix: str = "none"  # a key of FIXES
    unless: tuple[str, ...] = ()  # an entry's look-alikes, not flagged
    answers: tuple[str, ...] = ()  # moves the customer's message must carry for an entry to apply
    moves: tuple[tuple[str, str], ...] = ()  # a sequence's moves, each with an example line
    tags: tuple[str, ...] = ()
    profile: Profile | None = None
    advises: bool = False  # an entry with advice, not a rewrite


# ---- the records ---------------------------------------------------------------------------------


def entry_doc(entry: Entry) -> RuleDoc:
    return RuleDoc(
        entry.id,
        entry.severity,
        entry.why,
        entry.instead,
        flags=tuple(Flag(p.phrase.source, p.try_) for p in entry.avoid),
        bad=entry.bad,
        good=entry.good,
        fix=entry.fix,
        unless=tuple(p.phrase.source for p in entry.unless),
        answers=entry.answers,
        tags=entry.tags,
        advises=entry.advice is not None and not entry.try_,
    )


def sequence_doc(rule: SequenceRule, book: Phrasebook, active: bool = True) -> RuleDoc:
    from lexlint.rulebook.resources import profile_of
    from lexlint.rulebook.sequences import checks

    named = rule.moves_named()
    profile = profile_of(rule.origin.path)
    return RuleDoc(
        rule.id,
        rule.severity,
        rule.why,
        flags=tuple(Flag(c) for c in checks(rule)),
        bad=rule.bad,
        good=rule.good,
        kind="sequence",
        moves=tuple((m.name, m.example or m.match[0].phrase.source) for m in book.moves if m.name in named),
        tags=rule.tags,
        profile=Profile(profile, active) if profile else None,
    )


def builtin_docs() -> dict[str, RuleDoc]:
    """lexlint's own rules (rules/_builtin.yaml)."""
    from lexlint.rulebook.builtins import builtin_rules

    return {
        r.id: RuleDoc(r.id, r.severity, r.why or r.message, message=r.message, bad=r.bad, good=r.good, kind="builtin")
        for r in builtin_rules().values()
    }


def rule_doc(rule_id: str, book: Phrasebook) -> RuleDoc | None:
    """The rule `book` (or, for a sequence `book` does not load, the first bundled profile) defines, or
    lexlint's own rule of this id; None when there is none."""
    entry = book.entry(rule_id)
    if entry is not None:
        return entry_doc(entry)
    sequence = book.sequence(rule_id)
    if sequence is not None:
        return sequence_doc(sequence, book)
    own = builtin_docs().get(rule_id)
    if own is not None:
        return own
    for _name, alone in _bundled_profiles():
        found = alone.sequence(rule_id)
        if found is not None:
            return sequence_doc(found, alone, active=False)
    return None


def every_doc(book: Phrasebook) -> list[RuleDoc]:
    """Every rule `book` defines (its entries, then its sequences), every bundled profile's sequence it does
    not load, and lexlint's own rules."""
    docs = [entry_doc(e) for e in book.entries] + [sequence_doc(s, book) for s in book.sequences]
    known = {d.id for d in docs}
    for _name, alone in _bundled_profiles():
        docs += [sequence_doc(s, alone, active=False) for s in alone.sequences if s.id not in known]
        known.update(s.id for s in alone.sequences)
    return docs + [d for d in builtin_docs().values() if d.id not in known]


@cache
def published_url() -> str | None:
    """The rules page lexlint's own package declares (a `Rules` entry in pyproject's [project.urls]), or
    None: with none declared, reports link nowhere rather than to a made-up address."""
    from importlib import metadata

    try:
        declared = metadata.metadata("lexlint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for line in declared:
        label, _, url = line.partition(",")
        if label.strip().lower() == "rules" and url.strip():
            return url.strip()
    return None


def anchor(rule_id: str) -> str:
    """The fragment of a rule's section in the rules docs: its id, which is kebab-case, as the markdown
    heading `### id` is slugged (GitHub and most site generators)."""
    return rule_id


# ---- rendering -------------------------------------------------------------------------------------


class Part(NamedTuple):
    """One labelled part of an explanation. `style`: "code" (patterns and checks, each on a line of its
    own), "example" (sentences, each on its own) or "prose" (one line)."""

    label: str
    items: tuple[str, ...]
    style: str
    notes: tuple[str, ...] = ()  # beside each code item: what it rewrites to, when it has a rewrite of its own


def parts(doc: RuleDoc) -> list[Part]:
    """What both formats say about a rule, in order; an empty part is left out."""
    flagged = tuple(f.pattern for f in doc.flags)
    own = tuple(f"try: {f.try_}" if f.try_ else "" for f in doc.flags)
    answers = (f"{', '.join(doc.answers)} (only when the customer's message carries it)",) if doc.answers else ()
    out = [
        Part("Flags", (doc.message,), "prose")
        if doc.kind == "builtin"
        else Part("Checks" if doc.kind == "sequence" else "Flags", flagged, "code", own),
        Part("Except", doc.unless, "code"),
        Part("Answers", answers, "prose"),
        Part("Why", (doc.why,), "prose"),
        Part("Bad", doc.bad, "example"),
        Part("Instead", doc.instead, "example"),
        Part("Good", doc.good, "example"),
        *(Part(f"Move {name}", (example,), "prose") for name, example in doc.moves),
        Part("Fix", (fix_text(doc),), "prose"),
        Part("Tags", (", ".join(doc.tags),) if doc.tags else (), "prose"),
        Part("Profile", (_profile(doc.profile),) if doc.profile else (), "prose"),
    ]
    return [p for p in out if any(p.items)]


def fix_text(doc: RuleDoc) -> str:
    """How safe the rule's fix is, and what `--fix` does with it."""
    if doc.kind == "entry" and not doc.advises and (doc.instead or any(f.try_ for f in doc.flags)):
        return f"{doc.fix}: {FIXES[doc.fix]}"
    if doc.kind == "entry" and not doc.advises:
        return "none: no rewrite, the finding says why"
    return f"none: {NO_REWRITE[doc.kind]}"


def _profile(profile: Profile) -> str:
    turn_on = f"--profile {profile.name}, or `profiles: [{profile.name}]` in lexlint.yaml, turns it on"
    if profile.name in default_profiles():
        return f"{profile.name}, on by default" + ("" if profile.active else f", but not here ({turn_on})")
    return f"{profile.name}, opt-in " + ("(on here)" if profile.active else f"({turn_on})")


def render(doc: RuleDoc, fmt: str = "text") -> str:
    """The explanation of one rule: as `lexlint explain` prints it (fmt "text"), or as a markdown section
    under a `### id` heading (fmt "markdown")."""
    what = f"{doc.severity}, {KINDS[doc.kind]}"
    if fmt == "text":
        lines = [f"{doc.id} ({what})", ""]
        for part in parts(doc):
            shown = [_text_item(item, part.style) + _note(part, i, "  ({})") for i, item in enumerate(part.items)]
            pad = " " * (len(part.label) + 2)
            lines.append(f"{part.label}: {shown[0]}")
            lines += [pad + item for item in shown[1:]]
        return "\n".join(lines)
    blocks = [f"### {doc.id}", f"*{what}*"]
    for part in parts(doc):
        if part.style == "prose":
            blocks.append(f"**{part.label}:** {_md_prose(part.items[0])}")
        else:
            item = _md_code if part.style == "code" else _md_example
            listed = (
                f"- {item(text)} {_md_text(_note(part, i, '({})'))}".rstrip() for i, text in enumerate(part.items)
            )
            blocks.append(f"**{part.label}:**\n" + "\n".join(listed))
    return "\n\n".join(blocks)


def _note(part: Part, i: int, shape: str) -> str:
    """The note beside item i of a part, in `shape`, or nothing."""
    return shape.format(part.notes[i]) if i < len(part.notes) and part.notes[i] else ""


def _text_item(item: str, style: str) -> str:
    """An item on one line: an example that holds line breaks is shown quoted, its breaks as \\n."""
    return repr(item) if style == "example" and "\n" in item else item


_MARKDOWN = re.compile(r"[\\`*_{}\[\]<>#|~]")
_LIST_MARK = re.compile(r"^([-+])|^(\d+)([.)])")  # what would open a list at the start of an item
_CODE_SPAN = re.compile(r"(`[^`]+`)")


def _md_text(text: str) -> str:
    """`text` on one markdown line as written: markup characters escaped, spaces and breaks as one space."""
    return _escape(" ".join(text.split()))


def _md_prose(text: str) -> str:
    """A why or an advice on one markdown line: its `code` spans kept, everything else as written."""
    pieces = _CODE_SPAN.split(" ".join(text.split()))
    return "".join(p if i % 2 else _escape(p, start=i == 0) for i, p in enumerate(pieces))


def _escape(text: str, start: bool = True) -> str:
    """Markup characters escaped; at the `start` of a line, a list marker too."""
    text = _MARKDOWN.sub(lambda m: "\\" + m.group(), text)
    if not start:
        return text
    return _LIST_MARK.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text)


def _md_code(text: str) -> str:
    """`text` as an inline code span, whatever backticks it holds."""
    text = " ".join(text.split())
    ticks = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _md_example(text: str) -> str:
    """An example sentence as a list item shows it: one line, or a fenced block when it holds line breaks
    (a letter's lines are what a sequence reads)."""
    if "\n" not in text.strip():
        return _md_text(text)
    fence = "`" * max(3, max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    body = "\n".join(f"  {line}" if line.strip() else "" for line in text.strip("\n").split("\n"))
    return f"{fence}text\n{body}\n  {fence}"


def document(book: Phrasebook, fmt: str = "text") -> str:
    """Every rule explained (`every_doc`): in text, one after another; in markdown, the rules docs page, an
    index and then a section per rule under its group's heading."""
    docs = every_doc(book)
    if fmt == "text":
        return "\n\n".join(render(d) for d in docs)
    out = [
        "# Rules",
        "<!-- Generated by `lexlint explain --all --format markdown`: edit the phrasebooks, then run it again. -->",
        (
            "What each rule flags, why, bad and good examples, what to write instead and what `--fix` does with"
            ' it. Patterns are written in lexlint\'s phrase language (its docs, "Writing a company phrasebook").'
        ),
    ]
    for kind, title in GROUPS:
        group = [d for d in docs if d.kind == kind]
        if group:
            out.append(f"## {title}")
            out.append(_index(group))
            out += [render(d, "markdown") for d in group]
    return "\n\n".join(out) + "\n"


def _index(docs: Iterable[RuleDoc]) -> str:
    rows = ["| rule | severity | fix | tags |", "|---|---|---|---|"]
    for d in docs:
        tags = ", ".join(dict.fromkeys([*d.tags, *([d.profile.name] if d.profile else [])]))
        rows.append(f"| [{d.id}](#{anchor(d.id)}) | {d.severity} | {d.fix} | {_md_text(tags)} |")
    return "\n".join(rows)


# ---- lexlint explain ------------------------------------------------------------------------------


def explain_text(rule_id: str, book: Phrasebook, cfg: Config | None = None, fmt: str = "text") -> str:
    """What `lexlint explain RULE_ID` prints for `book`: what the rule flags, why, bad and good examples and
    what to write instead; with `cfg`, a line when that configuration does not report it. A sequence of a
    bundled profile `book` lacks is explained from that profile, saying how to turn it on. Raises
    LexlintError when no rule has this id, naming the nearest."""
    doc = rule_doc(rule_id, book)
    if doc is None:
        raise LexlintError(f"no rule {rule_id!r}{_nearest(rule_id, book)}")
    out = render(doc, fmt)
    tags = book.tags().get(rule_id, ())
    if cfg is not None and cfg.level(rule_id, "info", tags) is None:
        where = cfg.path or "the flags"
        out += ("\n" if fmt == "text" else "\n\n") + f"Not reported: {where} does not select it (select/ignore)."
    return out


@cache
def _bundled_profiles() -> tuple[tuple[str, Phrasebook], ...]:
    """Each bundled profile by name, loaded alone (bundled data does not change while lexlint runs)."""
    from lexlint.rulebook.phrasebook import load_phrasebooks
    from lexlint.rulebook.resources import profile_names

    return tuple((name, load_phrasebooks(default=False, profiles=(name,))) for name in profile_names())


@cache
def default_profiles() -> frozenset[str]:
    """The bundled profiles the bundled default phrasebook turns on."""
    from lexlint.rulebook.phrasebook import load_phrasebooks
    from lexlint.rulebook.resources import profile_of

    return frozenset(p for s in load_phrasebooks().sequences if (p := profile_of(s.origin.path)))


def _nearest(rule_id: str, book: Phrasebook) -> str:
    """A hint naming the known rule id (of `book`, any bundled profile or lexlint's own) nearest `rule_id`."""
    import difflib

    from lexlint.rulebook.builtins import builtin_rules

    known = {*book.tags(), *builtin_rules()}
    known.update(seq.id for _, profile in _bundled_profiles() for seq in profile.sequences)
    near = difflib.get_close_matches(rule_id, sorted(known), n=1)
    return f"; did you mean {near[0]!r}?" if near else "; `lexlint rules` lists them"
