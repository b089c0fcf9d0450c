"""Template placeholders: masked to same-length neutral words so positions never shift.

`Hi {{first_name}},` becomes `Hi Xxxxxxxxxxxxxx,`: one word that reads as a name to the rules.
Control tags (`{% if %}`, `{{#each}}`, `{{/if}}`) become spaces. What is left that still looks like
a placeholder (`{{name}` unbalanced, a stray `}}`) is malformed; a blank such as `[Customer Name]` or
`XXXX` is fine in a template but must never reach a customer in a draft.

A run of more than LONG_RUN characters without a space (a URL, base64, a minified blob, a row of
backticks) is masked the same way: it is never prose, and spaCy's tokenizer takes time that grows faster
than its length to split one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

Span = tuple[int, int]

PLACEHOLDER = re.compile(
    r"\{\{\{[^{}]*\}\}\}"  # Handlebars raw {{{body}}}
    r"|\{\{[^{}]*\}\}"  # Liquid / Handlebars / Intercom {{user.name|fallback:"there"}}
    r"|\{%(?:(?!%\}|\{%).)*%\}"  # Liquid tags, Help Scout {%customer.firstName,fallback=there%}
    r"|\{![A-Za-z$][\w.$]*\}",  # Salesforce {!Case.Id}
    re.S,
)
CONTROL = re.compile(
    r"\{\{~?\s*[#/^!>]|\{\{~?\s*else\b"
    r"|\{%-?\s*(?:if|elsif|elif|else|endif|unless|endunless|for|endfor|case|when|endcase|assign|capture"
    r"|endcapture|comment|endcomment|raw|endraw|cycle|increment|decrement|break|continue|liquid"
    r"|tablerow|endtablerow|render|include|section|layout"  # Liquid (Shopify)
    r"|set|endset|block|endblock|macro|endmacro|call|endcall|filter|endfilter|with|endwith|import|from"
    r"|extends|trans|endtrans|pluralize|autoescape|endautoescape)\b"  # Jinja
)
MALFORMED = re.compile(r"\{\{[^\s{}]*\}?|\}\}|\{%[^%\n]*|%\}|\{![\w.$]*")
LONG_RUN = 100
LONG = re.compile(rf"\S{{{LONG_RUN + 1},}}")
BLANK = re.compile(
    r"\[(?:[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*|[a-z]+(?:_[a-z]+)+)\](?![(\[:])"  # [Customer Name], [first_name]
    r"|\bX{3,}\b"  # XXXX
    r"|_{4,}"  # ____ fill-in blanks
)


class Masked(NamedTuple):
    text: str
    placeholders: tuple[Span, ...]  # spans of masked variables (not control tags)


def neutral_word(length: int) -> str:
    return "X" + "x" * (length - 1)


def mask(text: str) -> Masked:
    """`text` with every placeholder and over-long run replaced by a same-length word (control tags by
    spaces); the spans of the placeholders."""
    masked = _placeholders(text)
    if LONG.search(masked.text) is None:
        return masked
    return Masked(LONG.sub(lambda m: neutral_word(len(m.group())), masked.text), masked.placeholders)


def _placeholders(text: str) -> Masked:
    if "{" not in text:
        return Masked(text, ())
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        parts.append(text[pos : m.start()])
        token = m.group()
        if CONTROL.match(token):
            parts.append(re.sub(r"[^\n]", " ", token))
        else:
            parts.append(neutral_word(len(token)))
            spans.append(m.span())
        pos = m.end()
    parts.append(text[pos:])
    return Masked("".join(parts), tuple(spans))


def malformed(masked_text: str) -> list[Span]:
    """Placeholder syntax left over after masking: unbalanced or broken placeholders."""
    if "{" not in masked_text and "}" not in masked_text:  # every MALFORMED branch holds a brace
        return []
    return [m.span() for m in MALFORMED.finditer(masked_text)]


def blanks(text: str) -> list[Span]:
    """Fill-in blanks a writer forgot: `[Customer Name]`, `[first_name]`, `XXXX`, `____`."""
    if "[" not in text and "XXX" not in text and "____" not in text:  # what each BLANK branch must hold
        return []
    return [m.span() for m in BLANK.finditer(text)]
