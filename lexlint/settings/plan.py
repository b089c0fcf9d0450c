"""A run's plan: the resolved configuration, the files it lints, and the phrasebook each file is linted with.

Every face resolves one the same way: the config file found for the paths, flags on top, folders walked,
files grouped by the ordering profiles that apply to them (an override may add one for some files), one
phrasebook loaded per group."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from lexlint.rulebook.builtins import builtin_rules
from lexlint.rulebook.phrasebook import Phrasebook, load_phrasebooks
from lexlint.rulebook.resources import profile_names
from lexlint.settings import config
from lexlint.settings.config import ConfigError
from lexlint.sources import ReadOptions, discover, read_file


@dataclass(frozen=True)
class Group:
    """Files linted with one phrasebook: the configured phrasebooks with these ordering profiles."""

    profiles: tuple[str, ...]
    book: Phrasebook
    files: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    config: config.Config
    files: tuple[str, ...]  # in the order they were named and walked; "-" is standard input
    groups: tuple[Group, ...]  # at least one, with no files when none were named
    options: ReadOptions
    warnings: tuple[ConfigError, ...] = field(default=())  # unknown ids or tags, under `unknown-ids: warn`

    @property
    def books(self) -> tuple[Phrasebook, ...]:
        return tuple(g.book for g in self.groups)

    @property
    def notes(self) -> tuple[str, ...]:
        """What loading the phrasebooks decided that a writer may not expect (a move replaced), once each."""
        return tuple(dict.fromkeys(note for book in self.books for note in book.notes))


def configure(paths: list[str], config_file: str | None = None, **overrides: Any) -> config.Config:
    """The nearest config for `paths` (or `config_file`) with `overrides` on top: a value of None is a flag
    not given. Raises LexlintError for a config that does not load."""
    return config.resolve(paths, config_file).override(**overrides)


def resolve(
    cfg: config.Config,
    paths: list[str],
    *,
    profiles: tuple[str, ...] = (),
    input_format: str | None = None,
    fields: tuple[str, ...] = (),
    column: str | None = None,
    context_field: str | None = None,
) -> Plan:
    """The plan for linting `paths` with `cfg`, and `profiles` instead of the config's when given (the
    customer's message is added by `with_context`). Raises LexlintError for a phrasebook that does not load,
    and for an id or tag the config or the flags name that no phrasebook defines (unless the config says
    `unknown-ids: warn`)."""
    files = tuple(cfg.files(paths, discover))
    base = profiles or cfg.profiles
    by_profiles: dict[tuple[str, ...], list[str]] = {}
    for path in files:
        by_profiles.setdefault(cfg.profiles_for(path, base), []).append(path)
    groups = tuple(
        Group(key, load_phrasebooks(list(cfg.phrasebooks), default=not cfg.no_default, profiles=key), tuple(group))
        for key, group in (by_profiles or {base: []}).items()
    )
    options = ReadOptions(
        input_format=input_format,
        fields=fields,
        column=column,
        context_field=context_field,
        channels=cfg.channels,
    )
    return Plan(cfg, files, groups, options, checked_ids(cfg, [g.book for g in groups]))


def with_context(plan: Plan, context_file: str | None) -> Plan:
    """`plan` with the customer's message read from `context_file` (a pipe too: `--context <(…)`) given to
    every reader. Raises LexlintError when it cannot be read."""
    if not context_file:
        return plan
    options = replace(plan.options, context=read_file(context_file, regular_only=False))
    return replace(plan, options=options)


def rulebook(cfg: config.Config, profiles: tuple[str, ...] = ()) -> Phrasebook:
    """Every rule `check` may report with `cfg`: its phrasebooks with `profiles` (else the config's) and the
    profiles its overrides add, in one phrasebook (what `rules`, `explain` and `test` show). Raises
    LexlintError for a phrasebook that does not load, or an id or tag the config names that it lacks."""
    extra = [o.profile for o in cfg.overrides if o.profile]
    wanted = tuple(dict.fromkeys((*(profiles or cfg.profiles), *extra)))
    book = load_phrasebooks(list(cfg.phrasebooks), default=not cfg.no_default, profiles=wanted)
    checked_ids(cfg, [book])
    return book


def checked_ids(cfg: config.Config, books: list[Phrasebook]) -> tuple[ConfigError, ...]:
    """The warnings for ids and tags `cfg` names that none of `books` defines (with `unknown-ids: warn`);
    ConfigError for the first of them otherwise."""
    unknown = cfg.unknown(set().union(*(known_ids(b) for b in books)))
    if unknown and cfg.unknown_ids == "error":
        first = unknown[0]
        more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
        why = f"{first.message}{more}; `unknown-ids: warn` in the config makes these warnings"
        raise ConfigError(why, first.path, first.line, first.column)
    return tuple(unknown)


def known_ids(book: Phrasebook) -> set[str]:
    """Every rule id and tag a config may name with this phrasebook (a bundled profile's name among them,
    whether or not it is active)."""
    tags = book.tags()
    return set(tags) | {t for ts in tags.values() for t in ts} | set(builtin_rules()) | set(profile_names())
