"""Every key a configuration file may hold, in one table: the loader checks a file's keys against it and
`lexlint config --reference` writes the configuration reference (docs/config-reference.md) from it, so the
page names exactly the keys the loader takes, with the defaults a `Config` starts from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from lexlint.findings import FAIL_ON, SEVERITIES

UNKNOWN_IDS = ("error", "warn")  # what a rule id or tag no active phrasebook defines is
MACRO_CHANNELS = ("chat", "email", "block")
AUDIT_ROLES = ("text", "agent", "macro", "time", "channel", "ticket", "context", "id")


def _choices(values: tuple[str, ...]) -> str:
    return " \\| ".join(f"`{v}`" for v in values)


class Key(NamedTuple):
    name: str
    value: str  # what it takes, as the page shows it
    doc: str  # what it does
    flag: str = ""  # the `check` option that replaces it for one run


TOP: tuple[Key, ...] = (
    Key(
        "phrasebooks",
        "list of paths",
        "Company phrasebooks, relative to the config file, layered over the bundled default in this order.",
        "-p/--phrasebook",
    ),
    Key("no-default", "`true` \\| `false`", "Do not load the bundled default phrasebook.", "--no-default"),
    Key(
        "profiles",
        "list of profile names or paths",
        "Ordering profiles added on top of those the phrasebooks bring (`cicare`, `recovery`, or a file).",
        "--profile",
    ),
    Key("profile", "a profile name or path", "One more profile, as an item of `profiles`.", "--profile"),
    Key(
        "select",
        "list of rule ids or tags",
        "Report only these rules. Unset: every rule of the active phrasebooks.",
        "--select",
    ),
    Key("ignore", "list of rule ids or tags", "Never report these rules.", "--ignore"),
    Key(
        "severity",
        f"map of rule id or tag to {_choices(SEVERITIES)}",
        "Report these rules at this severity (an id wins over a tag).",
    ),
    Key(
        "fail-on",
        _choices(FAIL_ON),
        "Exit 1 when a finding is at or above this severity; `never`: findings never fail the run.",
        "--fail-on",
    ),
    Key(
        "min-score",
        "a number from 0 to 100",
        "Exit 1 when any message scores below it (each message on its own, not a file's mean).",
        "--min-score",
    ),
    Key(
        "include",
        "list of globs",
        "Only these files, when a folder is walked (relative to the config file's folder).",
    ),
    Key(
        "exclude",
        "list of globs",
        "Never these files, whether walked or named (pre-commit names them).",
    ),
    Key(
        "overrides",
        "list of maps (below)",
        "Settings for some files: each names its `files` and adds to or replaces the settings above.",
    ),
    Key("format", "`text` \\| `github` \\| `json` \\| `junit` \\| `sarif`", "The report's format.", "--format"),
    Key(
        "channels",
        f"map of {_choices(MACRO_CHANNELS)} to a list of words",
        "The words in a macro's title, tags, folder or category that mark it as a chat line, a letter or a block"
        " pasted inside a reply; a channel named here replaces its bundled words (rules/_channels.yaml).",
    ),
    Key(
        "baseline",
        "a path",
        "The baseline file: findings it records are not reported, and `--fix` leaves them as they are"
        " (`--write-baseline` writes it).",
        "--baseline",
    ),
    Key(
        "unknown-ids",
        _choices(UNKNOWN_IDS),
        "What a rule id or tag no active phrasebook defines is: an error (exit 2), or a warning for a config"
        " shared by setups with different phrasebooks.",
    ),
    Key(
        "server",
        "an http:// URL",
        "A running `lexlint serve` that `check` lints on (`--server` and `LEXLINT_SERVER` win over it).",
        "--server",
    ),
    Key(
        "docs-url",
        "an http(s) URL, no #fragment",
        "Where the rules page written by `lexlint explain --all --format markdown` is published: SARIF's"
        " `helpUri` and the language server's links are `URL#rule-id`.",
    ),
    Key("audit", "map (below)", "Settings for `lexlint audit`."),
)

OVERRIDE: tuple[Key, ...] = (
    Key("files", "a glob or list of globs", "The files it applies to (required)."),
    Key("select", "list of rule ids or tags", "Replaces the top-level `select` for these files."),
    Key("ignore", "list of rule ids or tags", "Added to the top-level `ignore`."),
    Key("severity", "map of rule id or tag to a severity", "Added to the top-level `severity`."),
    Key("profile", "a profile name or path", "A profile these files are also held to."),
)

AUDIT: tuple[Key, ...] = (
    Key(
        "columns",
        f"map of {_choices(AUDIT_ROLES)} to a column name",
        "Which column of an export plays each role (`--text`, `--agent` … on the command line win).",
    ),
)

TOP_KEYS = {k.name for k in TOP}
OVERRIDE_KEYS = {k.name for k in OVERRIDE}
AUDIT_KEYS = {k.name for k in AUDIT}


def _default(value: object) -> str:
    if value is None or value in ((), [], {}):
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _table(keys: tuple[Key, ...], defaults: Mapping[str, object], flags: bool) -> str:
    head = "| key | value | default | " + ("flag | " if flags else "") + "what it does |"
    rows = [head, "|---" * (head.count("|") - 1) + "|"]
    for k in keys:
        flag = (f"`{k.flag}` | " if k.flag else " | ") if flags else ""
        rows.append(f"| `{k.name}` | {k.value} | {_default(defaults.get(k.name))} | {flag}{k.doc} |")
    return "\n".join(rows)


def reference(defaults: Mapping[str, object]) -> str:
    """The configuration reference in markdown; `defaults` is an empty configuration's values by key."""
    return (
        "\n\n".join(
            [
                "# Configuration reference",
                "<!-- Generated by `lexlint config --reference`: edit lexlint/settings/keys.py, then run it again. -->",
                (
                    "Every key of `lexlint.yaml`, `.lexlint.yaml` or `[tool.lexlint]` in `pyproject.toml`. A key not"
                    " listed here is an error naming its line and column. A flag given to `lexlint check` replaces the"
                    " key for that run. [Configuration](configuration.md) shows them at work."
                ),
                "## Top level",
                _table(TOP, defaults, flags=True),
                "## Each item of `overrides`",
                (
                    "An override applies to the files matching `files` (relative to the config file's folder); later"
                    " overrides win over earlier ones."
                ),
                _table(OVERRIDE, {}, flags=False),
                "## `audit`",
                _table(AUDIT, {}, flags=False),
            ]
        )
        + "\n"
    )
