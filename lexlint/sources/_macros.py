"""Finding the customer-facing text in a helpdesk export (JSON or YAML, already parsed with LocStr values).

Known shapes: Zendesk macros (single, list, paginated export; comment_value as a string or a
["channel:all", text] pair; comment_value_html; internal notes skipped) and dynamic content variants,
Freshdesk canned responses, Help Scout saved replies, Intercom, Front and Gorgias macros, and a flat
{title: text} map. `--field` selectors such as `macros[*].body` pick fields explicitly."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

import yaml

from lexlint.rulebook.resources import rules_dir
from lexlint.sources._jsonpos import LocStr

TITLE_KEYS = ("title", "raw_title", "name", "subject", "label")
MARK_KEYS = ("tags", "tag", "folder", "folders", "category", "categories", "group", "channel", "type", "kind")
# each group is one reply; the first present field of a group is linted (plain text before HTML)
FIELD_GROUPS = (
    ("content", "content_html"),  # Freshdesk
    ("body_text", "body", "body_html"),  # Intercom, Front
    ("text",),  # Help Scout (email)
    ("chatText",),  # Help Scout (chat)
)
COMMENT_FIELDS = ("comment_value", "comment_value_html")
SELECTOR_PART = re.compile(r"\[(\*|\d+)\]|\.?([^.\[\]]+)")


class Found(NamedTuple):
    name: str | None
    value: LocStr
    html: bool
    parent: dict[str, Any] | None


def _title(node: dict[str, Any]) -> str | None:
    for key in TITLE_KEYS:
        if isinstance(node.get(key), str) and node[key].strip():
            return str(node[key])
    return None


def _is_html(key: str) -> bool:
    return key.endswith("_html") or key == "body_html"


def _named(title: str | None, suffix: str, path: str) -> str:
    return f"{title} ({suffix})" if title and suffix else title or path


def _zendesk(node: dict[str, Any], path: str) -> Iterator[Found]:
    actions = [a for a in node["actions"] if isinstance(a, dict)]
    if any(a.get("field") == "comment_mode_is_public" and a.get("value") in (False, "false") for a in actions):
        return  # an internal note: the customer never reads it
    for a in actions:
        field, value = a.get("field"), a.get("value")
        if field not in COMMENT_FIELDS:
            continue
        if isinstance(value, list):  # ["channel:all", "text"]
            texts = [v for v in value if isinstance(v, LocStr) and not v.startswith("channel:")]
            value = texts[-1] if texts else None
        if isinstance(value, LocStr):
            yield Found(_title(node) or path, value, _is_html(field), node)


def _gorgias(node: dict[str, Any], path: str) -> Iterator[Found]:
    for a in node["actions"]:
        args = a.get("arguments") if isinstance(a, dict) and a.get("name") == "setResponseText" else None
        if isinstance(args, dict):
            yield from _fields(args, _title(node) or path, path)


def _variants(node: dict[str, Any], path: str) -> Iterator[Found]:
    title = _title(node) or path
    for i, v in enumerate(node["variants"]):
        if isinstance(v, dict) and isinstance(v.get("content"), LocStr):
            locale = v.get("locale_id", v.get("locale", i))
            yield Found(f"{title} ({locale})", v["content"], False, v)


def _fields(node: dict[str, Any], title: str | None, path: str) -> Iterator[Found]:
    for group in FIELD_GROUPS:
        key = next((k for k in group if isinstance(node.get(k), LocStr)), None)
        if key is not None:
            suffix = "chat" if key == "chatText" else ""
            yield Found(_named(title, suffix, f"{path}.{key}"), node[key], _is_html(key), node)


def _is_action_list(node: dict[str, Any], test: str) -> bool:
    actions = node.get("actions")
    return isinstance(actions, list) and any(isinstance(a, dict) and test in a for a in actions)


def _walk(node: Any, path: str) -> Iterator[Found]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{path}[{i}]")
        return
    if not isinstance(node, dict):
        return
    if _is_action_list(node, "field"):
        yield from _zendesk(node, path)
    elif _is_action_list(node, "arguments"):
        yield from _gorgias(node, path)
    elif isinstance(node.get("variants"), list):
        yield from _variants(node, path)
    else:
        found = list(_fields(node, _title(node), path))
        if found:
            yield from found
            return
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}" if path else str(key))


def _flat_map(root: Any) -> Iterator[Found]:
    if isinstance(root, dict) and root and all(isinstance(v, LocStr) for v in root.values()):
        for key, value in root.items():
            yield Found(str(key), value, False, root)


def known_texts(root: Any) -> list[Found]:
    """Every reply text in a recognised export shape (or a flat {title: text} map)."""
    return list(_walk(root, "")) or list(_flat_map(root))


def select(root: Any, selector: str) -> Iterator[tuple[str, Any, dict[str, Any] | None]]:
    """(path, value, parent object) for each value `selector` (like `macros[*].body`) picks."""
    current: list[tuple[str, Any, dict[str, Any] | None]] = [("", root, None)]
    for m in SELECTOR_PART.finditer(selector):
        index, key = m.group(1), m.group(2)
        nxt = []
        for path, node, parent in current:
            if index == "*" and isinstance(node, list):
                nxt += [(f"{path}[{i}]", v, parent) for i, v in enumerate(node)]
            elif index is not None and isinstance(node, list) and int(index) < len(node):
                nxt.append((f"{path}[{index}]", node[int(index)], parent))
            elif key == "*" and isinstance(node, dict):
                nxt += [(f"{path}.{k}".lstrip("."), v, node) for k, v in node.items()]
            elif key is not None and isinstance(node, dict) and key in node:
                nxt.append((f"{path}.{key}".lstrip("."), node[key], node))
        current = nxt
    return iter(current)


def selected_texts(root: Any, selectors: tuple[str, ...]) -> list[Found]:
    """The string values the `--field` selectors pick, named by their object's title or their path."""
    found = []
    for selector in selectors:
        for path, value, parent in select(root, selector):
            if isinstance(value, LocStr):
                title = _title(parent) if parent else None
                found.append(Found(title or path, value, _is_html(path), parent))
    return found


@cache
def bundled_channel_words() -> dict[str, tuple[str, ...]]:
    """rules/_channels.yaml: channel -> the words that mark a macro as one."""
    data = yaml.safe_load((rules_dir() / "_channels.yaml").read_text(encoding="utf-8"))
    return {channel: tuple(words) for channel, words in data.items()}


@cache
def _marker(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w-])",
        re.IGNORECASE,
    )


BRACKETED = re.compile(r"[(\[{]([^)\]}]*)[)\]}]")
# a hyphen separates only with spaces around it ("Refund - chat"; "wrap-up", "e-mail" are words)
TITLE_SEPARATORS = re.compile(r"\s-\s|[–—―‒−|:/+•·»>]")
LABEL_WORDS = 3


def title_marks(title: str) -> str:
    """The parts of a title that can mark a channel: what stands in brackets ("Delay (email)"), and
    parts between separators short enough to be labels ("Email intro", "Refund - chat"). A title that
    reads as a sentence ("Have you sent me this email") is about an email, not one."""
    parts = BRACKETED.findall(title)
    for plain in TITLE_SEPARATORS.split(BRACKETED.sub(" | ", title)):
        if plain.strip() and len(plain.split()) <= LABEL_WORDS:
            parts.append(plain)
    return " | ".join(parts)


def macro_channel(found: Found, overrides: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> str:
    """The channel a macro's title, tags, folder or category mark it with (chat, email, block), else
    `macro`; `overrides` (the config's `channels:`) replace a channel's bundled words."""
    marks = [title_marks(found.name or "")]
    if isinstance(found.parent, dict):
        for key in MARK_KEYS:
            value = found.parent.get(key)
            marks.extend(str(v) for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    text = " ".join(marks)
    words = {**bundled_channel_words(), **dict(overrides)}
    for channel in ("chat", "block", "email"):  # a chat wrap-up is a chat line; an email intro is a block
        if words.get(channel) and _marker(words[channel]).search(text):
            return channel
    return "macro"
