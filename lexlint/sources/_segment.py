"""Turning a reader's prose (text + map into the file) into a Segment: placeholders masked, suppressions parsed."""

from __future__ import annotations

import re

from lexlint.sources import suppress, templates
from lexlint.sources.segments import OPENS_WITH_MENTION, OffsetMap, Segment

# What the pipeline must not see as written, each replaced by one character so that positions never shift:
# a lone surrogate (a JSON or YAML escape such as \ud800 decodes to one; spaCy cannot encode it) by U+FFFD,
# a no-break or narrow space (`You&nbsp;owe`) by a space, which the tokenizer splits words at, and a lone
# \r (a file with old Mac line endings) by \n, which sentence boundaries know.
_NOT_FOR_PIPELINE = re.compile("[\ud800-\udfff]|[\u00a0\u2007\u202f]|\r(?!\n)")
_STAND_IN = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\r": "\n"}


def for_pipeline(text: str) -> str:
    """`text` as the pipeline may read it (same length)."""
    if not _NOT_FOR_PIPELINE.search(text):
        return text
    return _NOT_FOR_PIPELINE.sub(lambda m: _STAND_IN.get(m.group(), "\ufffd"), text)


def make_segment(
    path: str,
    source: str,
    text: str,
    offsets: OffsetMap,
    region: tuple[int, int],
    *,
    name: str | None = None,
    channel: str = "text",
    context: str = "",
    draft: bool = False,
) -> Segment:
    """A Segment for `text`, which a reader took from source[region[0]:region[1]]."""
    text = for_pipeline(text)
    context = for_pipeline(context)
    masked = templates.mask(text)
    return Segment(
        path=path,
        text=masked.text,
        offsets=offsets,
        source=source,
        name=name,
        channel=channel,
        context=context,
        suppressions=suppress.parse(source, region[0], region[1], offsets, len(text)),
        draft=draft,
        placeholders=masked.placeholders,
        unmasked_text=text if masked.text != text else "",
    )


def draft_channel(prose: str) -> str:
    """The channel of a message drafted in a file of its own (plain text, Markdown): a tweet or chat reply
    when it opens with an @mention, which letter-form rules (greeting, closing) leave alone; else a letter."""
    return "chat" if OPENS_WITH_MENTION.match(prose) else "text"
