"""Where a report is printed: whether it is coloured, and how wide its lines may be. Every command that prints
decides both here, so they agree."""

from __future__ import annotations

import os
import shutil
from typing import TextIO

from lexlint.report import WIDTH

COLOR_CHOICES = ("auto", "always", "never")
MIN_WIDTH = 40  # narrower, a source line would show little more than its match


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a stream without isatty, or closed
        return False


def use_color(choice: str, stream: TextIO) -> bool:
    """`--color always` or `never` as given, whatever the environment says. `auto`: no colour when NO_COLOR
    is set to anything but empty (no-color.org); colour even into a pipe or a file when FORCE_COLOR is set
    to anything but empty or "0" (a CI log that shows colours); else colour only on a terminal. NO_COLOR
    wins when both are set: whoever set it asked for none."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return is_terminal(stream)


def width(stream: TextIO) -> int:
    """The columns a report's lines are fitted to: the terminal's when `stream` is one (COLUMNS first, as
    shutil reads it, else the terminal's own size), else COLUMNS when it is a number, else WIDTH; never
    under MIN_WIDTH."""
    if is_terminal(stream):
        columns = shutil.get_terminal_size((WIDTH, 24)).columns
    else:
        given = os.environ.get("COLUMNS", "").strip()
        columns = int(given) if given.isdigit() and int(given) > 0 else WIDTH
    return max(columns, MIN_WIDTH)
