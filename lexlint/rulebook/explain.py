"""What a rule flags, why, a bad example and what to write instead: the text `lexlint explain` prints and the
server's `/v1/rules/{id}` returns, for an entry, a sequence (of any bundled profile, saying which) or one of
lexlint's own rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lexlint.errors import LexlintError

if TYPE_CHECKING:
    from lexlint.rulebook.phrasebook import Phrasebook
    from lexlint.settings.config import Config


def explain_text(rule_id: str, book: Phrasebook, cfg: Config | None = None) -> str:
    """What `lexlint explain RULE_ID` prints for `book`: what the rule flags, why, a bad example and what to
    write instead; with `cfg`, a line when that configuration does not report it. A sequence of a bundled
    profile `book` lacks is explained from that profile, saying how to turn it on. Raises LexlintError when
    no rule has this id, naming the nearest."""
    lines = _rule_lines(rule_id, book)
    if lines is None:
        lines = _profile_lines(rule_id, book)
    if lines is None:
        raise LexlintError(f"no rule {rule_id!r}{_nearest(rule_id, book)}")
    tags = book.tags().get(rule_id, ())
    if cfg is not None and cfg.level(rule_id, "info", tags) is None:
        where = cfg.path or "the flags"
        lines.append(f"Not reported: {where} does not select it (select/ignore).")
    return "\n".join(lines)


def _rule_lines(rule_id: str, book: Phrasebook) -> list[str] | None:
    from lexlint.rulebook.builtins import builtin_rules
    from lexlint.rulebook.sequences import explain_lines

    sequence = book.sequence(rule_id)
    if sequence is not None:
        return explain_lines(sequence, book.moves)
    entry = book.entry(rule_id)
    if entry is None:
        own = builtin_rules().get(rule_id)
        if own is None:
            return None
        lines = [f"{own.id} ({own.severity}, built in)", "", f"Flags: {own.message}", f"Why: {own.why}"]
        return lines + [f"Bad: {own.bad[0]}"] * bool(own.bad) + [f"Good: {own.good[0]}"] * bool(own.good)
    lines = [f"{entry.id} ({entry.severity}, fix: {entry.fix})", ""]
    lines.append("Flags: " + "; ".join(p.phrase.source for p in entry.avoid))
    if entry.unless:
        lines.append("Except: " + "; ".join(p.phrase.source for p in entry.unless))
    lines.append(f"Why: {entry.why}")
    if entry.bad:
        lines.append(f"Bad: {entry.bad[0]}")
    if entry.instead:
        lines.append("Instead: " + " / ".join(entry.instead))
    if entry.good:
        lines.append(f"Good: {entry.good[0]}")
    if entry.tags:
        lines.append("Tags: " + ", ".join(entry.tags))
    return lines


def _profile_lines(rule_id: str, book: Phrasebook) -> list[str] | None:
    """The rule explained from the first bundled profile that defines it, when `book` does not load it."""
    for name, with_profile in _bundled_profiles():
        lines = _rule_lines(rule_id, with_profile) if with_profile.sequence(rule_id) else None
        if lines is not None:
            on = f"--profile {name}, or `profiles: [{name}]` in lexlint.yaml"
            return [*lines, f"Profile: {name}, not active here ({on} turns it on)."]
    return None


def _bundled_profiles() -> list[tuple[str, Phrasebook]]:
    """Each bundled profile by name, loaded alone."""
    from lexlint.rulebook.phrasebook import load_phrasebooks
    from lexlint.rulebook.resources import profile_names

    return [(name, load_phrasebooks(default=False, profiles=(name,))) for name in profile_names()]


def _nearest(rule_id: str, book: Phrasebook) -> str:
    """A hint naming the known rule id (of `book`, any bundled profile or lexlint's own) nearest `rule_id`."""
    import difflib

    from lexlint.rulebook.builtins import builtin_rules

    known = {*book.tags(), *builtin_rules()}
    known.update(seq.id for _, profile in _bundled_profiles() for seq in profile.sequences)
    near = difflib.get_close_matches(rule_id, sorted(known), n=1)
    return f"; did you mean {near[0]!r}?" if near else "; `lexlint rules` lists them"
