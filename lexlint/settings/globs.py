"""Glob patterns for config files: `*` within a folder, `**` across folders, `?` one character.
A pattern without a slash matches the file name in any folder (like .gitignore)."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    pat = pattern.strip().lstrip("./") if pattern.startswith("./") else pattern.strip()
    if pat.endswith("/"):
        pat += "**"
    anywhere = "/" not in pat
    out = []
    i = 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    body = "".join(out)
    return re.compile(("(?:.*/)?" if anywhere else "") + body + r"\Z")


def matches(path: str, patterns: tuple[str, ...]) -> bool:
    """True when the forward-slash relative path matches any pattern (a folder pattern covers its files)."""
    return any(compile_glob(p).match(path) or compile_glob(p.rstrip("/") + "/**").match(path) for p in patterns)
