"""E-mail (.eml): the reply the agent wrote, a draft about to be sent.

MIME is parsed with the standard library (policy.default); the plain part is preferred, the HTML part's
visible text otherwise. Quoted history ("On … wrote:", `>` lines, "-----Original Message-----") and the
signature ("-- ") are cut off; the quoted customer message becomes the segment's context. Positions map
into the .eml file through quoted-printable escapes; a base64 part maps each character to the whole block.

A fix is written into the part it came from in the part's declared charset (us-ascii when none is declared)
and transfer encoding: 7bit and 8bit text in place, changed quoted-printable lines re-encoded, a base64
body encoded again; a rewrite the part cannot hold is refused (`rewrites`).

The email package's parser is imported when an .eml file is read: listing a folder only needs EXTENSIONS."""

from __future__ import annotations

import base64
import codecs
import email
import html
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from lexlint.errors import InputError, Unwritable
from lexlint.sources import ReadOptions
from lexlint.sources._htmltext import visible_text
from lexlint.sources._located import compose, unescape_map
from lexlint.sources._segment import make_segment
from lexlint.sources.segments import OffsetMap, OffsetMapBuilder, Segment, foreign
from lexlint.spans import replace_spans

if TYPE_CHECKING:
    from email.message import EmailMessage, MIMEPart

    from lexlint.sources.writeback import Edit

NAME = "email"
EXTENSIONS = (".eml",)
sniff = None  # read whatever has its extensions (no content test)
# An escape, or a UTF-8 character's escaped bytes, which a writer may split with soft line breaks.
_SOFT = r"(?:=\r?\n)?"
_CONT = "(?:" + _SOFT + r"=[89ABab][0-9A-Fa-f])"
QP_ESCAPE = re.compile(
    rf"=\r?\n|=[0-7][0-9A-Fa-f]|=[CDcd][0-9A-Fa-f]{_CONT}|=[Ee][0-9A-Fa-f]{_CONT}{{2}}|=[Ff][0-7]{_CONT}{{3}}"
    r"|=[0-9A-Fa-f]{2}"
)
QUOTE_START = re.compile(
    r"^(?:On\b[^\n]*(?:\n[^\n]*)?\bwrote:[ \t]*\r?$|[ \t]*-{2,}[ \t]*Original Message[ \t]*-{2,}|>"
    r"|From:[^\n]*\n(?:Sent|Date):)",
    re.M,
)
SIGNATURE = re.compile(r"^-- ?\r?$", re.M)
BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")
QUOTE_PREFIX = re.compile(r"^[ \t]*>+[ \t]?", re.M)


def _qp_map(raw: str, base: int, charset: str) -> tuple[str, OffsetMap]:
    def decode(escape: str) -> str:
        hexes = "".join(escape.replace("=", "").split())  # soft breaks inside a character dropped
        return bytes.fromhex(hexes).decode(charset, "replace") if hexes else ""

    return unescape_map(raw, base, QP_ESCAPE, decode)


def body_map(source: str, part: MIMEPart) -> tuple[str, OffsetMap] | None:
    """The decoded body of `part` and its map into the .eml file."""
    raw = part.get_payload(decode=False)
    if not isinstance(raw, str):
        return None
    start = source.find(raw) if raw else -1
    if start == -1:
        return None
    encoding = str(part.get("Content-Transfer-Encoding", "7bit")).lower()
    if encoding == "quoted-printable":
        return _qp_map(raw, start, part.get_content_charset() or "utf-8")
    if encoding == "base64":
        builder = OffsetMapBuilder()
        builder.decoded(part.get_content(), start, start + len(raw))
        return builder.build()
    return raw, OffsetMap.identity(len(raw), start)


def _check_charset(path: str, source: str, part: MIMEPart) -> None:
    """A quoted-printable or base64 part is decoded in its declared charset: one Python does not know is
    an error at the header that names it."""
    charset = part.get_content_charset()
    encoding = str(part.get("Content-Transfer-Encoding", "7bit")).lower()
    if charset is None or encoding not in ("quoted-printable", "base64"):
        return
    try:
        codecs.lookup(charset)
    except LookupError:
        at = source.lower().find(charset)
        line = source.count("\n", 0, at) + 1 if at >= 0 else None
        raise InputError(f"unknown charset {charset[:40]!r} in the message part; not linted", path, line) from None


def split_reply(text: str) -> tuple[int, str]:
    """Where the agent's own words end in `text`, and the quoted message (prefixes stripped) as context."""
    quote = QUOTE_START.search(text)
    signature = SIGNATURE.search(text)
    cut = min(m.start() for m in (quote, signature) if m) if quote or signature else len(text)
    if quote is None:
        return cut, ""
    quoted = text[quote.end() :] if quote.group().startswith("On") else text[quote.start() :]
    if not quoted.startswith(">"):
        header_end = BLANK_LINE.search(quoted)
        quoted = quoted[header_end.end() :] if header_end and not quote.group().startswith("On") else quoted
    stop = SIGNATURE.search(quoted)
    quoted = quoted[: stop.start()] if stop else quoted
    return cut, QUOTE_PREFIX.sub("", quoted).strip()


def _reply_part(text: str) -> tuple[EmailMessage, MIMEPart | None]:
    """The message and the part that holds the reply (plain text preferred, else HTML)."""
    from email import policy
    from email.message import EmailMessage

    msg = email.message_from_string(text, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg, msg.get_body(preferencelist=("plain", "html"))


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    msg, part = _reply_part(text)
    if part is None:
        return []
    _check_charset(path, text, part)
    decoded = body_map(text, part)
    if decoded is None:
        return []
    body, offsets = decoded
    if part.get_content_subtype() == "html":
        visible, inner = visible_text(body)
        body, offsets = visible, compose(visible, inner, offsets, text)
    cut, context = split_reply(body)
    reply = body[:cut]
    if not reply.strip():
        return []
    region = (offsets.start(0), offsets.end(cut - 1))
    return [
        make_segment(
            path,
            text,
            reply,
            offsets,
            region,
            name=str(msg.get("Subject", "")) or None,
            channel="email",
            context=context or options.context,
            draft=True,
        )
    ]


def rewrites(source: str, edits: Sequence[Edit]) -> Iterator[str]:
    """`source` with each edit (a span of the reply segment's text and the words that replace it) written
    into the reply part in its charset and transfer encoding, the one way it can be. Unwritable when that
    cannot be done."""
    _msg, part = _reply_part(source)
    decoded = body_map(source, part) if part is not None else None
    if part is None or decoded is None:
        raise Unwritable("the e-mail's reply part cannot be located in the file")
    body = decoded[0]
    if part.get_content_subtype() == "html":
        visible, inner = visible_text(body)
        spans = []
        for e in edits:
            why = foreign(visible, inner, body, e.start, e.end)
            if why:
                raise Unwritable(why)
            spans.append((*inner.span(e.start, e.end), html.escape(e.text, quote=False)))
    else:
        spans = [(e.start, e.end, e.text) for e in edits]
    raw = part.get_payload(decode=False)
    assert isinstance(raw, str)  # body_map found this part's text
    start = source.find(raw)
    yield source[:start] + _encoded(part, raw, body, spans) + source[start + len(raw) :]


def _encoded(part: MIMEPart, raw: str, body: str, spans: list[tuple[int, int, str]]) -> str:
    """The part's new payload as written in the file: `body` (its decoded text) with `spans` replaced."""
    charset = part.get_content_charset() or "us-ascii"
    encoding = str(part.get("Content-Transfer-Encoding", "7bit")).strip().lower()
    try:
        codecs.lookup(charset)
    except LookupError:
        raise Unwritable(f"the part's charset {charset!r} is unknown") from None
    cannot = f"the new text cannot be written in the part's charset ({charset}, {encoding})"
    if encoding in ("7bit", "8bit", "binary"):  # the body is the file's own text: only the new words are new
        for _start, _end, new in spans:
            try:
                data = new.encode(charset)
            except UnicodeEncodeError:
                raise Unwritable(cannot) from None
            if data != new.encode("utf-8") or (encoding == "7bit" and not new.isascii()):
                raise Unwritable(cannot)  # the file holds the part's bytes as UTF-8 text
        return replace_spans(raw, spans)
    new_body = replace_spans(body, spans)
    try:
        new_body.encode(charset)
    except UnicodeEncodeError:
        raise Unwritable(cannot) from None
    if encoding == "quoted-printable":
        return _qp_encoded(raw, body, new_body, charset)
    if encoding == "base64":
        return _base64_encoded(raw, new_body.encode(charset))
    raise Unwritable(f"the part's transfer encoding {encoding!r} is not one lexlint can write")


HARD_BREAK = re.compile(r"(?<!=)(?<!=\r)\n")  # a line break that is not a quoted-printable soft break


def _qp_encoded(raw: str, body: str, new_body: str, charset: str) -> str:
    """Quoted-printable `raw` with each changed line of the body encoded again and every other line kept
    as it was written."""
    old_lines, new_lines, raw_lines = body.split("\n"), new_body.split("\n"), HARD_BREAK.split(raw)
    same_shape = len(old_lines) == len(new_lines) == len(raw_lines)
    out = []
    for k, line in enumerate(new_lines):
        if same_shape and line == old_lines[k]:
            out.append(raw_lines[k])
            continue
        cr = "\r" if line.endswith("\r") else ""
        out.append(_qp_line(line[:-1] if cr else line, charset, "=" + cr + "\n") + cr)
    return "\n".join(out)


def _qp_line(text: str, charset: str, soft_break: str) -> str:
    """One line of text in quoted-printable, with soft breaks so no written line runs past 76 characters;
    a break falls between characters, never inside one's escaped bytes (readers that decode line by
    line would show half a character)."""
    pieces = [
        ch if ch == "\t" or (" " <= ch <= "~" and ch != "=") else "".join(f"={b:02X}" for b in ch.encode(charset))
        for ch in text
    ]
    if pieces and pieces[-1] in (" ", "\t"):  # whitespace before a line break is encoded or it is lost
        pieces[-1] = f"={ord(pieces[-1]):02X}"
    lines, line = [], ""
    for piece in pieces:
        if len(line) + len(piece) > 75:
            lines.append(line)
            line = ""
        line += piece
    lines.append(line)
    return soft_break.join(lines)


def _base64_encoded(raw: str, data: bytes) -> str:
    """`data` in base64, with the part's line endings, in lines as long as its first (76 characters, the
    standard, when it had one line)."""
    eol = "\r\n" if "\r\n" in raw else "\n"
    lines = raw.split("\n")
    first = lines[0].rstrip("\r")
    width = len(first) if len([x for x in lines if x.strip()]) > 1 and len(first) % 4 == 0 else 76
    encoded = base64.b64encode(data).decode("ascii")
    lines = [encoded[i : i + width] for i in range(0, len(encoded), width)]
    return eol.join(lines) + (eol if raw.endswith("\n") else "")
