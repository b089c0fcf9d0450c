"""Project configuration: `lexlint.yaml`, `.lexlint.yaml` or `[tool.lexlint]` in pyproject.toml, found by
walking up from the linted path. Command-line flags override it (see `Config.override`).

Rule ids and tags in select/ignore/severity (and the flags) that no active phrasebook defines are errors
naming the nearest known id, unless the config says `unknown-ids: warn`, for one config shared by setups
with different phrasebooks (`Config.unknown`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from lexlint.errors import LexlintError
from lexlint.findings import FAIL_ON, SEVERITIES, Finding
from lexlint.rulebook import yamlmarks as validate
from lexlint.rulebook.yamlmarks import Located, Mark, load
from lexlint.settings import globs
from lexlint.settings.fingerprint import relative
from lexlint.settings.keys import AUDIT_KEYS, AUDIT_ROLES, MACRO_CHANNELS, OVERRIDE_KEYS, TOP_KEYS, UNKNOWN_IDS

if TYPE_CHECKING:
    from lexlint.rulebook.phrasebook import Phrasebook

CONFIG_NAMES = ("lexlint.yaml", ".lexlint.yaml", "pyproject.toml")


class ConfigError(LexlintError):
    """A configuration file that does not load or validate."""


@dataclass(frozen=True)
class Override:
    """Settings for the files matching `files` (globs relative to the config file's folder)."""

    files: tuple[str, ...]
    select: tuple[str, ...] | None = None  # replaces the top-level select for these files
    ignore: tuple[str, ...] = ()  # added to the top-level ignore
    severity: dict[str, str] = field(default_factory=dict)
    profile: str | None = None  # a bundled profile (or path) added for these files


@dataclass(frozen=True)
class Config:
    path: str | None = None  # the file it came from
    root: str = "."  # folder that globs and relative paths are resolved against
    phrasebooks: tuple[str, ...] = ()
    no_default: bool = False
    profiles: tuple[str, ...] = ()  # bundled profiles (or paths) layered over the phrasebooks
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # rule id or tag -> severity
    fail_on: str = "warning"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    format: str = "text"
    channels: tuple[tuple[str, tuple[str, ...]], ...] = ()  # channel -> words marking a macro as one
    baseline: str | None = None  # the baseline file a check reads (or, with --write-baseline, writes)
    server: str | None = None  # a running `lexlint serve` that check lints on (--server and LEXLINT_SERVER win)
    unknown_ids: str = "error"  # or "warn": an id or tag no active phrasebook defines
    docs_url: str | None = None  # the rules docs page (docs/rules.md, published): SARIF links each rule there
    min_score: float | None = None  # exit 1 when a message scores below this (lexlint.score); None: no such gate
    audit: tuple[tuple[str, str], ...] = ()  # `lexlint audit`: role (text, agent, macro …) -> the export's column
    marks: dict[str, Mark] = field(default_factory=dict, compare=False)  # rule id -> where it was written

    def override(self, **flags: Any) -> Config:
        """Command-line flags win over the file; None means the flag was not given."""
        return replace(self, **{k: v for k, v in flags.items() if v is not None})

    def relative(self, path: str) -> str:
        return relative(path, self.root)

    def rules_for(self, path: str) -> tuple[tuple[str, ...] | None, tuple[str, ...], dict[str, str]]:
        """Effective select, ignore and severity overrides for one file."""
        if not self.overrides:
            return self.select, self.ignore, self.severity
        select, ignore, severity = self.select, self.ignore, dict(self.severity)
        rel = self.relative(path)
        for o in self.overrides:
            if globs.matches(rel, o.files):
                select = o.select if o.select is not None else select
                ignore = ignore + o.ignore
                severity.update(o.severity)
        return select, ignore, severity

    def profiles_for(self, path: str, base: tuple[str, ...]) -> tuple[str, ...]:
        """The profiles for one file: `base` plus those of the overrides whose globs match it."""
        if not self.overrides:
            return tuple(dict.fromkeys(base))
        rel = self.relative(path)
        extra = [o.profile for o in self.overrides if o.profile and globs.matches(rel, o.files)]
        return tuple(dict.fromkeys((*base, *extra)))

    @property
    def adjusts(self) -> bool:
        """Whether this config changes which findings are reported, or how: it selects, ignores, sets a
        severity or overrides them for some files."""
        return self.select is not None or bool(self.ignore or self.severity or self.overrides)

    def adjust(self, finding: Finding, tags: dict[str, tuple[str, ...]]) -> Finding | None:
        """The finding as this config reports it (severity changed), or None when it is not selected."""
        if not self.adjusts:
            return finding  # nothing configured: every finding as it is
        level = self.level(finding.rule, finding.severity, tags.get(finding.rule, ()), finding.path)
        if level is None:
            return None
        return finding._replace(severity=level) if level != finding.severity else finding

    def level(self, rule: str, severity: str, tags: tuple[str, ...], path: str | None = None) -> str | None:
        """The severity this config reports `rule` at (one of `severity` by default) in `path`, or in any file
        when no path is given (the top-level settings, no override); None when it does not select the rule."""
        select, ignore, levels = self.rules_for(path) if path is not None else (self.select, self.ignore, self.severity)
        keys = {rule, *tags}
        if (select is not None and not keys & set(select)) or keys & set(ignore):
            return None
        return levels.get(rule) or next((levels[t] for t in tags if t in levels), severity)

    def files(self, paths: list[str], discover: Any) -> list[str]:
        """Files to lint: folders walked and filtered by include/exclude; named files only by exclude.
        The config file, the phrasebooks it names and the baseline are never linted as messages."""
        own = {os.path.abspath(p) for p in (self.path, *self.phrasebooks, self.baseline) if p}
        out: list[str] = []
        for path in paths:
            walked = os.path.isdir(path)
            for found in discover([path]):
                if found == "-":
                    out.append(found)
                    continue
                if own and os.path.abspath(found) in own:
                    continue
                if self.exclude or (walked and self.include):
                    rel = self.relative(found)
                    if globs.matches(rel, self.exclude) or (
                        walked and self.include and not globs.matches(rel, self.include)
                    ):
                        continue
                out.append(found)
        return out

    def unknown(self, known: set[str]) -> list[ConfigError]:
        """Ids and tags named in select/ignore/severity (and the flags that replace them) that nothing active
        defines, each with where it is written and the nearest known id: errors, or with `unknown-ids: warn`
        warnings."""
        named = [*(self.select or ()), *self.ignore, *self.severity]
        for o in self.overrides:
            named += [*(o.select or ()), *o.ignore, *o.severity]
        out = []
        for name in dict.fromkeys(named):
            if name not in known:
                import difflib  # only for a mistake: every run reads this module

                mark = self.marks.get(name)
                near = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else "; `lexlint rules` lists them"
                message = f"no rule or tag {name!r} in the active phrasebooks{hint}"
                out.append(ConfigError(message, *((self.path, mark.line, mark.column) if self.path and mark else ())))
        return out

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("marks")
        out["overrides"] = [asdict(o) for o in self.overrides]
        return {k.replace("_", "-"): v for k, v in out.items()}


# ---- finding and loading ---------------------------------------------------------------------------


def find(start: str) -> str | None:
    """The nearest config file at or above `start` (a file or folder)."""
    here = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(os.path.abspath(start)) or ".")
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(here, name)
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def resolve(paths: list[str], explicit: str | None = None) -> Config:
    """The config for a run: the named file, or the one found from the first path (or the working folder)."""
    start = next((p for p in paths if p != "-"), os.getcwd())
    path = explicit or find(start)
    return load_file(path) if path else Config(root=os.getcwd())


def load_file(path: str) -> Config:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {getattr(exc, 'strerror', None) or exc}", path) from None
    doc = _toml_table(text, path) if path.endswith(".toml") else load(text, path, ConfigError)
    if doc is None or doc.value is None:
        return Config(path=os.path.abspath(path), root=os.path.dirname(os.path.abspath(path)))
    return _build(doc, os.path.abspath(path))


TOOL_TABLE = re.compile(r"^[ \t]*\[+[ \t]*[\"']?tool[\"']?[ \t]*\.[ \t]*[\"']?lexlint\b", re.M)


def _has_tool_table(path: str) -> bool:
    """Whether a pyproject.toml configures lexlint. One that does not parse does when it has a
    [tool.lexlint] header: then loading it reports the TOML error, rather than lexlint silently running
    with no configuration. Any other broken or unreadable pyproject.toml is not lexlint's."""
    import tomllib  # here, not at the top: most runs find no pyproject.toml

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return False
    try:
        tool = tomllib.loads(data.decode("utf-8")).get("tool", {})
        return isinstance(tool, dict) and "lexlint" in tool
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError):
        return TOOL_TABLE.search(data.decode("utf-8", "replace")) is not None


def _toml_table(text: str, path: str) -> Located:
    """[tool.lexlint] as a Located tree; keys carry the line:col where they are written."""
    import tomllib

    try:
        tool = tomllib.loads(text).get("tool", {})
        table = tool.get("lexlint", {}) if isinstance(tool, dict) else {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None
    except RecursionError:
        raise ConfigError("invalid TOML: nested too deeply", path) from None
    except ValueError as exc:  # an integer longer than int() may convert
        raise ConfigError(f"invalid TOML: {str(exc)[:120]}", path) from None
    header = re.search(r"^\s*\[tool\.lexlint\]", text, re.M)
    base = Mark(text[: header.start()].count("\n") + 1 if header else 1, 1)

    def mark_of(key: str) -> Mark:
        m = re.search(rf"^([ \t]*)[\"']?{re.escape(key)}[\"']?\s*=", text, re.M)
        return Mark(text[: m.start()].count("\n") + 1, len(m.group(1)) + 1) if m else base

    def wrap(value: Any) -> Located:
        if isinstance(value, dict):
            return Located({k: wrap(v) for k, v in value.items()}, base, {k: mark_of(k) for k in value})
        if isinstance(value, list):
            return Located([wrap(v) for v in value], base)
        return Located(value, base)

    return wrap(table)


def _build(doc: Located, path: str) -> Config:
    top = _mapping(doc, path, "the config")
    _check_keys(doc, TOP_KEYS, path)
    root = os.path.dirname(path)
    marks: dict[str, Mark] = {}
    kw: dict[str, Any] = {"path": path, "root": root, "marks": marks}
    if "phrasebooks" in top:
        kw["phrasebooks"] = tuple(
            os.path.normpath(os.path.join(root, p)) for p in _strings(top["phrasebooks"], path, "phrasebooks")
        )
    if "no-default" in top:
        kw["no_default"] = _bool(top["no-default"], path, "no-default")
    if "profiles" in top:
        kw["profiles"] = tuple(_strings(top["profiles"], path, "profiles"))
    if "profile" in top:
        kw["profiles"] = (*kw.get("profiles", ()), _string(top["profile"], path, "profile"))
    if "fail-on" in top:
        kw["fail_on"] = _choice(top["fail-on"], path, "fail-on", FAIL_ON)
    if "format" in top:
        kw["format"] = _string(top["format"], path, "format")
    if "baseline" in top:
        kw["baseline"] = os.path.normpath(os.path.join(root, _string(top["baseline"], path, "baseline")))
    if "server" in top:
        kw["server"] = _string(top["server"], path, "server")
    if "docs-url" in top:
        kw["docs_url"] = _url(top["docs-url"], path, "docs-url")
    if "min-score" in top:
        kw["min_score"] = _score(top["min-score"], path, "min-score")
    if "audit" in top:
        kw["audit"] = _audit_columns(top["audit"], path)
    if "unknown-ids" in top:
        kw["unknown_ids"] = _choice(top["unknown-ids"], path, "unknown-ids", UNKNOWN_IDS)
    for key in ("include", "exclude"):
        if key in top:
            kw[key] = tuple(_strings(top[key], path, key))
    if "channels" in top:
        spec = _mapping(top["channels"], path, "channels")
        for name in spec:
            if name not in MACRO_CHANNELS:
                raise ConfigError(
                    f"channels: {name!r} is not one of {', '.join(MACRO_CHANNELS)}",
                    path,
                    *(top["channels"].key_marks or {}).get(name, top["channels"].mark),
                )
        kw["channels"] = tuple((name, tuple(_strings(words, path, f"channels.{name}"))) for name, words in spec.items())
    kw.update(_rule_settings(top, path, marks))
    if "overrides" in top:
        kw["overrides"] = tuple(_override(item, path, marks) for item in _list(top["overrides"], path, "overrides"))
    return Config(**kw)


def _rule_settings(spec: dict[str, Located], path: str, marks: dict[str, Mark]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if key in spec:
            items = _list(spec[key], path, key, scalar_ok=True)
            out[key] = tuple(_string(v, path, key) for v in items)
            marks.update({v.value: v.mark for v in items})
    if "severity" in spec:
        levels = _mapping(spec["severity"], path, "severity")
        out["severity"] = {k: _choice(v, path, f"severity of {k}", SEVERITIES) for k, v in levels.items()}
        marks.update(spec["severity"].key_marks or {})
    return out


def _override(item: Located, path: str, marks: dict[str, Mark]) -> Override:
    spec = _mapping(item, path, "an override")
    _check_keys(item, OVERRIDE_KEYS, path)
    if "files" not in spec:
        raise ConfigError("an override needs `files` (a glob or a list of globs)", path, *item.mark)
    files = tuple(_strings(spec["files"], path, "files"))
    profile = _string(spec["profile"], path, "profile") if "profile" in spec else None
    return Override(files=files, profile=profile, **_rule_settings(spec, path, marks))


# ---- small validators ------------------------------------------------------------------------------

_mapping = partial(validate.mapping, error=ConfigError)
_list = partial(validate.sequence, error=ConfigError)
_string = partial(validate.text, error=ConfigError)
_check_keys = partial(validate.check_keys, error=ConfigError)


def _strings(item: Located, path: str, what: str) -> list[str]:
    return [_string(v, path, what) for v in _list(item, path, what, scalar_ok=True)]


def _bool(item: Located, path: str, what: str) -> bool:
    if not isinstance(item.value, bool):
        raise ConfigError(f"{what} must be true or false, not {validate.shown(item.value)}", path, *item.mark)
    return item.value


_URL = re.compile(r"https?://[^\s/#?]+[^\s#]*\Z")


def _url(item: Located, path: str, what: str) -> str:
    """An http(s) URL without a fragment: a page that a rule's `#id` is added to."""
    value = _string(item, path, what)
    if not _URL.match(value):
        raise ConfigError(
            f"{what} must be an http:// or https:// URL of the rules page, without a #fragment, not {value!r}",
            path,
            *item.mark,
        )
    return value


def _score(item: Located, path: str, what: str) -> float:
    """A score from 0 to 100."""
    value = item.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ConfigError(f"{what} must be a number from 0 to 100, not {validate.shown(value)}", path, *item.mark)
    return float(value)


def _audit_columns(item: Located, path: str) -> tuple[tuple[str, str], ...]:
    """`audit: {columns: {text: body, agent: assignee_id, …}}`: which column of an export plays each role."""
    spec = _mapping(item, path, "audit")
    _check_keys(item, AUDIT_KEYS, path)
    if "columns" not in spec:
        return ()
    columns = _mapping(spec["columns"], path, "audit.columns")
    _check_keys(spec["columns"], set(AUDIT_ROLES), path)
    return tuple(
        (role, _string(columns[role], path, f"audit.columns.{role}")) for role in AUDIT_ROLES if role in columns
    )


def _choice(item: Located, path: str, what: str, choices: tuple[str, ...]) -> str:
    value = _string(item, path, what)
    if value not in choices:
        raise ConfigError(f"{what} must be one of {', '.join(choices)}, not {value!r}", path, *item.mark)
    return value


def _as_is(finding: Finding) -> Finding | None:
    return finding


def configured(findings: Iterable[Finding], config: Config | None, book: Phrasebook) -> list[Finding]:
    """The findings as the configuration reports them, linted now or read from the cache."""
    if config is None or not config.adjusts:
        return list(findings)
    adjust = adjuster(config, book)
    return [kept for f in findings if (kept := adjust(f)) is not None]


def adjuster(config: Config | None, book: Phrasebook) -> Callable[[Finding], Finding | None]:
    """The one place a configuration meets a finding: the finding it reports (at the severity it sets), or
    None when it does not select the rule."""
    if config is None or not config.adjusts:  # every finding as it is, and no rule's tags read (the server
        return _as_is  # would read them on every request)
    tags = book.tags()
    return lambda finding: config.adjust(finding, tags)
