"""Messages held as values, not files: the rows of a helpdesk export that `lexlint audit` reads in
partitions. Each reply becomes a segment as a CSV field or a JSON Lines text field does (`string_segment`:
HTML reduced to its visible text, placeholders masked, suppressions read), with the reply's own text as its
file, so a finding's line and column are the reply's."""

from __future__ import annotations

from lexlint.sources._jsonpos import located
from lexlint.sources._strings import string_segment
from lexlint.sources.segments import Segment

DEFAULT_CHANNEL = "chat"  # what the CSV and JSON Lines readers call an exported reply
# A helpdesk's name for the channel a reply went out on (Zendesk's `via.channel`, a CSV's channel column) ->
# the lexlint channel its rules know: letter-form rules hold only an email to a greeting and a closing.
CHANNELS = {
    "email": "email",
    "mail": "email",
    "web": "email",  # a web form's ticket is answered by email
    "web_form": "email",
    "mobile": "email",
    "api": "email",
    "chat": "chat",
    "messaging": "chat",
    "native_messaging": "chat",
    "any_channel": "chat",
    "twitter": "chat",
    "facebook": "chat",
    "instagram": "chat",
    "whatsapp": "chat",
    "sms": "chat",
    "voice": "phone",
    "phone": "phone",
    "call": "phone",
}


def channel_of(value: object, default: str = DEFAULT_CHANNEL) -> str:
    """The lexlint channel for a helpdesk's channel name (any case); `default` for none or one not known."""
    if not isinstance(value, str):
        return default
    return CHANNELS.get(value.strip().lower().replace(" ", "_").replace("-", "_"), default)


def message_segment(
    path: str, text: str, *, name: str | None = None, channel: str = DEFAULT_CHANNEL, context: str = ""
) -> Segment | None:
    """The segment of one reply whose text is `text` (its own file, called `path`); None when it holds no
    words."""
    return string_segment(path, text, located(text, 0, len(text), "raw"), name=name, channel=channel, context=context)
