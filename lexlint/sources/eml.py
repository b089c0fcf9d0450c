"""E-mail (.eml): the reply the agent wrote, a draft about to be sent.

MIME is parsed with the standard library (policy.default); the plain part is preferred, the HTML part's
visible text otherwise. Quoted history ("On … wrote:", `>` lines, "-----Original Message-----") and the
signature ("-- ") are cut off; the quoted customer message becomes the segment's context. Positions map
into the .eml file through quoted-printable escapes; a base64 part maps each character to the whole block.

The email package's parser is imported when an .eml file is read: listing a folder only needs EXTENSIONS."""
from __future__ import annotations

import codecs
import email
import re
from typing import TYPE_CHECKING

from lexlint.errors import InputError
from lexlint.segments import OffsetMap, OffsetMapBuilder, Segment
from lexlint.sources import ReadOptions
from lexlint.sources._htmltext import visible_text
from lexlint.sources._located import compose, unescape_map
from lexlint.sources._segment import make_segment

if TYPE_CHECKING:
    from email.message import EmailMessage

NAME = "email"
EXTENSIONS = (".eml",)
QP_ESCAPE = re.compile(
    r"=\r?\n|=[0-7][0-9A-Fa-f]|=[CDcd][0-9A-Fa-f]=[89ABab][0-9A-Fa-f]"
    r"|=[Ee][0-9A-Fa-f](?:=[89ABab][0-9A-Fa-f]){2}|=[Ff][0-7](?:=[89ABab][0-9A-Fa-f]){3}|=[0-9A-Fa-f]{2}"
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
        hexes = escape.replace("=", "").strip()
        return bytes.fromhex(hexes).decode(charset, "replace") if hexes else ""

    return unescape_map(raw, base, QP_ESCAPE, decode)


def body_map(source: str, part: EmailMessage) -> tuple[str, OffsetMap] | None:
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


def _check_charset(path: str, source: str, part: EmailMessage) -> None:
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


def read(path: str, text: str, options: ReadOptions) -> list[Segment]:
    if not text.strip():
        return []
    from email import policy
    from email.message import EmailMessage

    msg = email.message_from_string(text, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    part = msg.get_body(preferencelist=("plain", "html"))
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
            path, text, reply, offsets, region,
            name=str(msg.get("Subject", "")) or None, channel="email", context=context or options.context, draft=True,
        )
    ]
