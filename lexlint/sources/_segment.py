"""Turning a reader's prose (text + map into the file) into a Segment: placeholders masked, suppressions parsed."""
from __future__ import annotations

from lexlint import suppress, templates
from lexlint.segments import OffsetMap, Segment


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
    )
