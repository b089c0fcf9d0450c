"""The regular expressions of raw token patterns (`{LOWER: {REGEX: "…"}}`), run on RE2.

RE2 matches in time linear in the text: `^(a+)+$` on one long word is as quick as on a short one, where
Python's re (which spaCy's Matcher uses for REGEX) backtracks for minutes. What RE2 cannot run
(backreferences, lookahead and lookbehind) is a phrasebook error naming the pattern. spaCy's Matcher is
given, instead of the REGEX, a custom token attribute whose getter asks RE2."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token

# The string a REGEX on each attribute reads, as spaCy's Matcher would read it.
VALUES: dict[str, Callable[[Token], str]] = {
    "ORTH": lambda t: t.text,
    "TEXT": lambda t: t.text,
    "LOWER": lambda t: t.lower_,
    "NORM": lambda t: t.norm_,
    "SHAPE": lambda t: t.shape_,
    "PREFIX": lambda t: t.prefix_,
    "SUFFIX": lambda t: t.suffix_,
    "LEMMA": lambda t: t.lemma_,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "ENT_TYPE": lambda t: t.ent_type_,
    "ENT_IOB": lambda t: t.ent_iob_,
    "ENT_ID": lambda t: t.ent_id_,
    "ENT_KB_ID": lambda t: t.ent_kb_id_,
    "MORPH": lambda t: str(t.morph),
}
# What RE2 will not run, as a pattern it refused shows it (RE2's own reason names only the characters).
_UNSUPPORTED = (
    (re.compile(r"\(\?[=!]"), "lookahead"),
    (re.compile(r"\(\?<[=!]"), "lookbehind"),
    (re.compile(r"\(\?P=|\\[1-9]"), "a backreference"),
)


class RegexError(ValueError):
    """A REGEX that RE2 cannot compile; the message says why."""


@cache
def compile_regex(pattern: str) -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False  # the error is the phrasebook's, reported once with its position
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        for unsupported, what in _UNSUPPORTED:
            if unsupported.search(pattern):
                raise RegexError(
                    f"{what} is not supported: REGEX runs on RE2, which matches in linear time "
                    "(no backreferences, lookahead or lookbehind)"
                ) from None
        raise RegexError(f"invalid REGEX: {reason}") from None


def regexes(token: dict[str, Any]) -> list[tuple[str, str]]:
    """(attribute, pattern) of each REGEX in a raw token pattern."""
    return [
        (attr, spec["REGEX"])
        for attr, spec in token.items()
        if isinstance(spec, dict) and "REGEX" in spec and attr != "_"
    ]


def check(attr: str, pattern: Any) -> None:
    """Raise RegexError unless `pattern` is a REGEX RE2 can run on `attr`."""
    if not isinstance(pattern, str):
        raise RegexError(f"REGEX must be a string, not {type(pattern).__name__}")
    if attr.upper() not in VALUES:
        raise RegexError(f"REGEX on {attr} is not supported (only on {', '.join(sorted(VALUES))})")
    compile_regex(pattern)


def guarded(tokens: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """`tokens` with every REGEX predicate replaced by a custom attribute that runs it on RE2."""
    return tuple(_guard(token) if regexes(token) else token for token in tokens)


def _guard(token: dict[str, Any]) -> dict[str, Any]:
    out = dict(token)
    extensions = dict(out.get("_", {}))
    for attr, pattern in regexes(token):
        rest = {op: value for op, value in token[attr].items() if op != "REGEX"}
        if rest:
            out[attr] = rest
        else:
            del out[attr]
        extensions[_extension(attr.upper(), pattern)] = True
    out["_"] = extensions
    return out


REGEX_PREFIX = "lexlint_regex_"  # the token attributes that run a REGEX
REGEX_ATTRS: dict[str, str] = {}  # such an attribute -> the token attribute its REGEX reads (LOWER, TAG …)


def _extension(attr: str, pattern: str) -> str:
    """The name of a token attribute that is True where RE2 finds `pattern` in the token's `attr` (registered
    once per process)."""
    from spacy.tokens import Token

    name = REGEX_PREFIX + hashlib.sha1(f"{attr}\0{pattern}".encode()).hexdigest()[:16]
    if not Token.has_extension(name):
        regex, value = compile_regex(pattern), VALUES[attr]
        Token.set_extension(name, getter=lambda token: regex.search(value(token)) is not None)
        REGEX_ATTRS[name] = attr
    return name
