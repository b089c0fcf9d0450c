"""Segments: the text a reader hands to the engine, with a map back to the file."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

# Text that opens with an @mention ("@AppleSupport", "@jo_b", "@820715", or ".@jo_b", the old form of a reply
# that all followers see): how a tweet or a chat reply names whom it answers. A token that matches is a mention.
OPENS_WITH_MENTION = re.compile(r"\s*\.?@\w")


class Piece(NamedTuple):
    """A run of segment text. `identity` runs map char i to file_start + i;
    other pieces are one decoded character standing for file[file_start:file_end]."""

    seg_start: int
    file_start: int
    length: int
    file_end: int
    identity: bool


class OffsetMap:
    """Maps character offsets in a segment's text to character offsets in the file."""

    __slots__ = ("_pieces", "_starts")

    def __init__(self, pieces: list[Piece]) -> None:
        self._pieces = pieces
        self._starts = [p.seg_start for p in pieces]

    @classmethod
    def identity(cls, length: int, base: int = 0) -> OffsetMap:
        return cls([Piece(0, base, length, base + length, True)])

    def _piece(self, i: int) -> Piece:
        k = bisect.bisect_right(self._starts, i) - 1
        return self._pieces[max(k, 0)]

    def start(self, i: int) -> int:
        """File offset where segment character i starts."""
        p = self._piece(i)
        if p.identity:
            return p.file_start + (i - p.seg_start)
        return p.file_start

    def end(self, i: int) -> int:
        """File offset just after segment character i."""
        p = self._piece(i)
        if p.identity:
            return p.file_start + (i - p.seg_start) + 1
        return p.file_end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """File span for segment span [start, end)."""
        if end <= start:
            f = self.start(start)
            return f, f
        return self.start(start), self.end(end - 1)

    def verbatim(self, i: int) -> bool:
        """Whether segment character i is copied from the file as it stands (not decoded from an escape,
        an entity or markup)."""
        return self._piece(i).identity


def foreign(written: str, offsets: OffsetMap, source: str, start: int, end: int) -> str | None:
    """Why the file characters behind segment characters [start, end) are not the message's own, one to
    one, or None when they are. `written` is the segment's text as written (placeholders unmasked). Each
    character must stand for file characters of its own: a verbatim character must be the file's character
    (not a blanked tag or code span), a decoded one (an escape, an entity) must not share its file characters
    with another, and no file character between them may be left out (a tag, a comment, a soft line break).
    Only then can a rewrite replace those file characters and touch nothing else."""
    if end <= start:
        return None
    before = offsets.end(start - 1) if start > 0 else -1
    after = offsets.start(end) if end < len(written) else None
    for i in range(start, end):
        a, b = offsets.start(i), offsets.end(i)
        if b <= a or a < before:
            return "the match covers markup or an encoded block that stands for more than its own words"
        if a > before >= 0 and i > start:
            return "the match crosses markup (a tag, a comment or an encoding's line break)"
        if offsets.verbatim(i) and source[a] != written[i]:
            return "the match covers text that is not the message's own (code, a link, a tag or a directive)"
        before = b
    if after is not None and after < before:
        return "the match covers markup or an encoded block that stands for more than its own words"
    return None


class ShiftedMap(OffsetMap):
    """The map of a slice of a segment's text that starts at `shift`."""

    __slots__ = ("_inner", "_shift")

    def __init__(self, inner: OffsetMap, shift: int) -> None:
        self._inner = inner
        self._shift = shift

    def start(self, i: int) -> int:
        return self._inner.start(i + self._shift)

    def end(self, i: int) -> int:
        return self._inner.end(i + self._shift)

    def verbatim(self, i: int) -> bool:
        return self._inner.verbatim(i + self._shift)


class JoinedMap(OffsetMap):
    """The map of segments read as one text, a separator between each two: a separator character
    stands for no file text (an empty span at the end of the part before it)."""

    __slots__ = ("_part_starts", "_parts")

    def __init__(self, parts: list[tuple[int, int, OffsetMap]]) -> None:  # (seg_start, length, map)
        self._parts = parts
        self._part_starts = [p[0] for p in parts]

    def _locate(self, i: int) -> tuple[OffsetMap, int, bool]:
        k = max(bisect.bisect_right(self._part_starts, i) - 1, 0)
        start, length, inner = self._parts[k]
        if i - start < length:
            return inner, i - start, True
        return inner, length - 1, False  # a separator: after the part's last character

    def start(self, i: int) -> int:
        inner, j, inside = self._locate(i)
        return inner.start(j) if inside else inner.end(j)

    def end(self, i: int) -> int:
        inner, j, _inside = self._locate(i)
        return inner.end(j)

    def verbatim(self, i: int) -> bool:
        inner, j, inside = self._locate(i)
        return inside and inner.verbatim(j)  # a separator is no file text


def segment_offset(offsets: OffsetMap, length: int, file_pos: int) -> int:
    """The first offset of a segment of `length` characters whose character starts at or after `file_pos`
    in the file (maps are monotonic)."""
    return bisect.bisect_left(range(length), file_pos, key=offsets.start)


class OffsetMapBuilder:
    """Builds a segment's text and its offset map piece by piece."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pieces: list[Piece] = []
        self._len = 0

    def raw(self, text: str, file_start: int) -> None:
        """Text copied verbatim from the file at file_start."""
        if not text:
            return
        last = self._pieces[-1] if self._pieces else None
        if last and last.identity and last.file_end == file_start and last.seg_start + last.length == self._len:
            self._pieces[-1] = last._replace(length=last.length + len(text), file_end=last.file_end + len(text))
        else:
            self._pieces.append(Piece(self._len, file_start, len(text), file_start + len(text), True))
        self._parts.append(text)
        self._len += len(text)

    def decoded(self, text: str, file_start: int, file_end: int) -> None:
        """Text decoded from file[file_start:file_end] (an escape, an entity, a tag turned into a break)."""
        for ch in text:
            self._pieces.append(Piece(self._len, file_start, 1, file_end, False))
            self._parts.append(ch)
            self._len += 1

    def build(self) -> tuple[str, OffsetMap]:
        if not self._pieces:
            return "", OffsetMap.identity(0)
        return "".join(self._parts), OffsetMap(self._pieces)


class Suppression(NamedTuple):
    """An inline directive: rules (empty = all) off for segment span [start, end)."""

    rules: tuple[str, ...]
    start: int
    end: int
    file_start: int  # where the directive itself sits in the file, for "unused suppression"
    file_end: int


class Turn(NamedTuple):
    """One speaker's turn in a call or chat read as one message: where its words stand in the segment's
    text, and for the customer's turns (which the segment's text leaves blank) what they said."""

    start: int
    end: int
    agent: bool
    said: str = ""


@dataclass(frozen=True)
class Segment:
    """One piece of customer-facing text to lint.

    `text` is what the nlp sees (placeholders already masked to same-length neutral tokens),
    `offsets` maps its characters back into `source`, the whole decoded file text."""

    path: str
    text: str
    offsets: OffsetMap
    source: str
    name: str | None = None  # macro title, row id … shown in reports
    channel: str = "text"  # text | email | macro | chat | phone | template
    context: str = ""  # the customer's message this text answers
    suppressions: tuple[Suppression, ...] = ()
    draft: bool = True  # a draft about to be sent (leftover placeholders are errors) vs a template
    placeholders: tuple[tuple[int, int], ...] = field(default=())  # masked spans in `text`
    unmasked_text: str = ""  # `text` before its placeholders were masked; empty when nothing was masked
    turns: tuple[Turn, ...] = ()  # a call or chat: every speaker's turn, in order (the agent's are `text`)

    def answering(self, offset: int) -> str:
        """What the customer said last before `offset` in a call (their turn the words there answer), or the
        customer's message the whole text answers."""
        said = [t.said for t in self.turns if not t.agent and t.start < offset]
        return said[-1] if said else self.context

    def unmasked(self, start: int, end: int) -> str:
        """text[start:end] as written, placeholders and all: what a suggestion or a rewrite carries."""
        return (self.unmasked_text or self.text)[start:end]


def joined(parts: list[Segment], name: str | None, separator: str = "\n\n") -> Segment:
    """Several segments of one file read as one message (a reply sent as several tweets), in the order
    given; every position still maps to the file, and a rewrite is proved as any other."""
    if len(parts) == 1:
        return parts[0]
    texts, unmasked, maps, suppressions, placeholders = [], [], [], [], []
    at = 0
    for k, part in enumerate(parts):
        if k:
            texts.append(separator)
            unmasked.append(separator)
            at += len(separator)
        maps.append((at, len(part.text), part.offsets))
        texts.append(part.text)
        unmasked.append(part.unmasked_text or part.text)
        suppressions += [s._replace(start=s.start + at, end=s.end + at) for s in part.suppressions]
        placeholders += [(a + at, b + at) for a, b in part.placeholders]
        at += len(part.text)
    text = "".join(texts)
    unmasked_text = "".join(unmasked)
    context = next((p.context for p in parts if p.context.strip()), parts[0].context)  # any part may carry it
    return replace(
        parts[0],
        text=text,
        offsets=JoinedMap(maps),
        name=name,
        context=context,
        suppressions=tuple(suppressions),
        placeholders=tuple(placeholders),
        unmasked_text=unmasked_text if unmasked_text != text else "",
    )


def text_segment(path: str, source: str, **kw: object) -> Segment:
    """A segment that is the whole file, verbatim."""
    return Segment(path=path, text=source, offsets=OffsetMap.identity(len(source)), source=source, **kw)  # type: ignore[arg-type]


# A line ends at \r\n, \n or a lone \r (as old Mac files and some exports write them); never at the other
# characters str.splitlines counts (\v, \f, U+2028 …), which JSON, CSV and YAML allow inside a value.
LINE_BREAK = re.compile(r"\r\n?|\n")


def line_starts(source: str) -> list[int]:
    """The offset where each line of `source` starts."""
    if "\r" in source:
        return [0, *(m.end() for m in LINE_BREAK.finditer(source))]
    starts = [0]
    find = source.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def count_breaks(text: str, start: int = 0, end: int | None = None) -> int:
    """How many line breaks text[start:end] holds (\r\n counts once)."""
    end = len(text) if end is None else end
    n = text.count("\n", start, end)
    if text.find("\r", start, end) == -1:  # within the span: a record at a time stays linear in the file
        return n
    return n + text.count("\r", start, end) - text.count("\r\n", start, end)


class LineIndex:
    """1-based line and column of a file offset (columns count characters)."""

    __slots__ = ("_starts",)

    def __init__(self, source: str) -> None:
        self._starts = line_starts(source)

    def position(self, offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(self._starts, offset) - 1
        return k + 1, offset - self._starts[k] + 1


MAX_PIECE_CHARS = 100_000
PART = "part"  # the channel of a piece of an over-long text: not one message, so no letter-form rules


def pieces(segment: Segment, limit: int = MAX_PIECE_CHARS) -> list[Segment]:
    """An over-long segment cut at paragraph (else line, else sentence) breaks into pieces the pipeline
    takes one at a time; positions still map to the file. A segment within the limit is returned as is."""
    text = segment.text
    if len(text) <= limit:
        return [segment]
    out: list[Segment] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = max(text.rfind("\n\n", start, end), text.rfind("\n", start, end), text.rfind(". ", start, end))
            end = cut + 1 if cut > start else end
        out.append(
            replace(
                segment,
                text=text[start:end],
                offsets=ShiftedMap(segment.offsets, start),
                channel=PART,
                suppressions=tuple(
                    s._replace(start=max(s.start, start) - start, end=min(s.end, end) - start)
                    for s in segment.suppressions
                    if s.start < end and s.end > start
                ),
                placeholders=tuple((a - start, b - start) for a, b in segment.placeholders if start <= a and b <= end),
                unmasked_text=segment.unmasked_text[start:end],
            )
        )
        start = end
    return out


class Excerpt(NamedTuple):
    """A line of a message as its writer reads it (decoded), and where a match sits in it."""

    text: str
    start: int
    end: int


EXCERPT_REACH = 240  # characters of a message's line kept on each side of a match (wider than most terminals)
ELLIPSIS = "\u2026"


def excerpt(segment: Segment, start: int, end: int) -> Excerpt | None:
    """The line of `segment`'s text (as written, placeholders unmasked) that holds the span [start, end),
    at most EXCERPT_REACH characters each side of its start (an ellipsis where cut), and where the span
    sits in it (to the line's end, when the span runs on past it). None when the file's line shows that
    line as written: its characters are the file's one for one, on one line of the file that ends where
    it ends (a speaker label or an indent may come before it). A decoded escape, an entity, markup or a
    line break the file does not have (a JSON string's `\n`, HTML, a quoted-printable e-mail, a quoted
    CSV field) makes it the message's own line, which the file's line would show only encoded.
    Cheap: a few searches within the reach and two lookups in the map, per finding."""
    text = segment.unmasked_text or segment.text
    lo = max(0, start - EXCERPT_REACH)
    brk = max(text.rfind("\n", lo, start), text.rfind("\r", lo, start))
    first = brk + 1 if brk >= 0 else lo
    hi = min(len(text), start + max(min(end - start, EXCERPT_REACH), 1) + EXCERPT_REACH)
    stops = [i for i in (text.find("\n", start, hi), text.find("\r", start, hi)) if i >= 0]
    last = min(stops) if stops else hi
    if last <= first:
        return None
    cut_left, cut_right = brk < 0 and lo > 0, not stops and hi < len(text)
    source = segment.source
    a, b = segment.offsets.start(first), segment.offsets.end(last - 1)
    as_written = (
        b - a == last - first  # one file character for each of the line's
        and source.find("\n", a, b) < 0
        and source.find("\r", a, b) < 0
        and (cut_right or b == len(source) or source[b] in "\r\n")
    )
    if as_written:
        return None
    head, tail = (ELLIPSIS if cut_left else ""), (ELLIPSIS if cut_right else "")
    shift = first - len(head)
    return Excerpt(head + text[first:last] + tail, start - shift, min(end, last) - shift)
