"""Turning a reader's prose (text + map into the file) into a Segment: placeholders masked, suppressions parsed."""
from __future__ import annotations

from lexlint import suppress, templates
from lexlint.segments import OPENS_WITH_MENTION, OffsetMap, Segment


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
