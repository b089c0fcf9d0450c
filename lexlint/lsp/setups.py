"""What each document is linted with: the configuration `lexlint check` would find for its path (the nearest
lexlint.yaml, .lexlint.yaml or pyproject.toml, or the one the server was started with, the server's flags on
top), its phrasebook for the file's profile set compiled once into a warm Linter, and whether the
configuration lints the file at all (its exclude, its own config and phrasebooks).

A loaded configuration remembers the files it was built from, the config file and every phrasebook file
layered into it, by their stat: when one has changed, it is loaded again before the next lint, so an edit
saved in the editor or made anywhere else takes effect without restarting the server. All of it runs on
the server's one lint thread."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

from lexlint.engine import Linter
from lexlint.errors import LexlintError
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.settings import plan as planning
from lexlint.settings.config import CONFIG_NAMES, Config, ConfigError, find
from lexlint.sources import ReadOptions, discover, lintable_extensions

Stamp = tuple[tuple[str, int, int], ...]  # (path, mtime_ns, size) of each file a configuration was built from


@dataclass(frozen=True)
class Flags:
    """What `lexlint lsp` was started with: a config file in place of the nearest one, and the flags that
    go on top of it, as `lexlint check` takes them."""

    config_file: str | None = None
    phrasebooks: tuple[str, ...] = ()
    no_default: bool = False
    profiles: tuple[str, ...] = ()

    def overrides(self) -> dict[str, Any]:
        return {"phrasebooks": self.phrasebooks or None, "no_default": self.no_default or None}


@dataclass(frozen=True)
class Setup:
    """How one file is linted."""

    config: Config
    linter: Linter
    options: ReadOptions


@dataclass(frozen=True)
class Found:
    """What the configuration says of one file: its setup, or why there is none (`error`, a configuration
    or phrasebook that does not load), and whether it is linted as a message."""

    setup: Setup | None = None
    error: LexlintError | None = None
    linted: bool = False
    config: Config | None = None


def stamp(paths: list[str] | tuple[str, ...]) -> Stamp:
    out = []
    for path in dict.fromkeys(paths):
        try:
            st = os.stat(path)
            out.append((path, st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((path, -1, -1))
    return tuple(out)


@dataclass
class _Loaded:
    """One configuration file's settings, with a Linter per profile set as files ask for them."""

    config: Config
    linters: dict[tuple[str, ...], Setup] = field(default_factory=dict)
    rulebook: Phrasebook | None = None
    files: list[str] = field(default_factory=list)  # what it was built from
    built: Stamp = ()
    warnings: tuple[ConfigError, ...] = ()

    def watch(self, paths: tuple[str, ...] | list[str]) -> None:
        fresh = [p for p in paths if p not in self.files]
        self.files += fresh
        self.built += stamp(fresh)

    def fresh(self) -> bool:
        return stamp(self.files) == self.built


class Setups:
    """The loaded configurations, by config file (None: none found), each loaded at most once while its
    files stay as they were."""

    def __init__(self, flags: Flags, root: str | None = None) -> None:
        self.flags = flags
        self.root = root  # the workspace's folder: where a document with no file of its own looks for a config
        self._loaded: dict[str | None, _Loaded] = {}
        self._errors: dict[str | None, tuple[Stamp, LexlintError]] = {}  # configs that did not load, by file
        self._found: dict[str, str | None] = {}  # folder -> its nearest config file

    def forget(self) -> None:
        """Drop every loaded configuration (a watched file changed: they load again on next use)."""
        self._loaded.clear()
        self._errors.clear()
        self._found.clear()

    def config_path(self, path: str | None) -> str | None:
        """The config file for a document at `path` (None: a document with no file), as `check` finds it."""
        if self.flags.config_file:
            return os.path.abspath(self.flags.config_file)
        folder = os.path.dirname(path) if path else (self.root or os.getcwd())
        if folder not in self._found:
            self._found[folder] = find(folder if os.path.isdir(folder) else os.getcwd())
        return self._found[folder]

    def _load(self, config_file: str | None, near: str | None) -> _Loaded:
        """The configuration in `config_file` (found for the document at `near`), loaded (again, once its
        files changed). Raises LexlintError."""
        loaded = self._loaded.get(config_file)
        if loaded is not None and loaded.fresh():
            return loaded
        failed = self._errors.get(config_file)
        if failed is not None and stamp([f for f, _m, _s in failed[0]]) == failed[0]:
            raise failed[1]
        files = [config_file] if config_file else []
        try:
            # the config found is named, so a folder is not searched twice; with none, as `check` runs
            cfg = planning.configure([near] if near else [], config_file, **self.flags.overrides())
            files += [os.path.abspath(p) for p in cfg.phrasebooks]
            loaded = _Loaded(cfg)
            loaded.watch(files)
            book = planning.rulebook(cfg, self.flags.profiles)
            loaded.rulebook = book
            loaded.watch(book.files)
        except LexlintError as exc:
            # until one of the files it names changes, the same error (a phrasebook that does not parse)
            named = [p for p in (*files, exc.path) if p]
            self._errors[config_file] = (stamp(named), exc)
            self._loaded.pop(config_file, None)
            raise
        self._errors.pop(config_file, None)
        self._loaded[config_file] = loaded
        return loaded

    def rulebook(self, path: str | None) -> tuple[Config, Phrasebook]:
        """Every rule `check` may report for files under the config of `path` (what `lexlint test` and
        `lexlint explain` read). Raises LexlintError."""
        loaded = self._load(self.config_path(path), path)
        assert loaded.rulebook is not None
        return loaded.config, loaded.rulebook

    def phrasebook_files(self, path: str | None) -> tuple[str, ...]:
        """The phrasebook files (not bundled) the configuration of `path` layers, when it loads."""
        loaded = self._loaded.get(self.config_path(path))
        if loaded is None or loaded.rulebook is None:
            return ()
        return tuple(p for p in loaded.rulebook.files if not _bundled(p))

    def for_file(self, path: str, input_format: str | None = None) -> Found:
        """How the file at `path` (absolute) is linted, read as `input_format` when given (else as its name
        says): never raises, a configuration that does not load is the `error` of what it finds."""
        try:
            loaded = self._load(self.config_path(path), path)
        except LexlintError as exc:
            return Found(error=exc)
        cfg = loaded.config
        known = input_format is not None or os.path.splitext(path)[1].lower() in lintable_extensions()
        if not known or not cfg.files([path], discover):
            return Found(linted=False, config=cfg)  # not a message lexlint reads, or one the config leaves out
        profiles = cfg.profiles_for(path, self.flags.profiles or cfg.profiles)
        setup = loaded.linters.get(profiles)
        if setup is None:
            try:
                plan = planning.resolve(cfg, [path], profiles=self.flags.profiles)
            except LexlintError as exc:
                return Found(error=exc, config=cfg)
            group = plan.groups[0]
            setup = Setup(plan.config, Linter(group.book, plan.config), plan.options)
            loaded.linters[profiles] = setup
            loaded.watch(group.book.files)
            loaded.warnings = plan.warnings
        if input_format is not None:
            setup = replace(setup, options=replace(setup.options, input_format=input_format))
        return Found(setup=setup, linted=True, config=cfg)

    def watched(self) -> set[str]:
        """Every config and phrasebook file a loaded (or failed) configuration was built from."""
        out = {p for loaded in self._loaded.values() for p in loaded.files}
        out |= {p for failed in self._errors.values() for p, _m, _s in failed[0]}
        return out

    def is_config_name(self, path: str) -> bool:
        return os.path.basename(path) in CONFIG_NAMES


def _bundled(path: str) -> bool:
    from lexlint.rulebook.resources import rules_dir

    return os.path.abspath(path).startswith(str(rules_dir()) + os.sep)
