"""The server's warm state: the configuration resolved once at start, one compiled Linter per loaded profile
set, and the requests it answers (lint, fix, rules, explain) on text it is sent — never a file it is named.

A request chooses how its text is read by `kind` (a reader, through a file name with its extension), and may
narrow the rules (`select`, `ignore`, as the flags of `lexlint check`) or add one profile among those loaded."""

from __future__ import annotations

import copy
import os
from dataclasses import asdict, dataclass, field, replace
from typing import Any, NamedTuple

from lexlint import __version__
from lexlint.engine import Linter
from lexlint.errors import LexlintError
from lexlint.findings import Finding, SentenceMoves
from lexlint.fix import FileFix, fix_finding, fix_text
from lexlint.rulebook.explain import explain_text
from lexlint.rulebook.phrasebook import Phrasebook
from lexlint.serve.client import fingerprint
from lexlint.settings import plan as planning
from lexlint.sources import ReadOptions, read_text


class RequestError(LexlintError):
    """A request the server cannot answer as asked: its status and a one-line message."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Kind:
    """How a request's text is read: as a file of this name would be (the name is never opened)."""

    path: str
    input_format: str | None = None  # None: the reader the name's extension picks, as `lexlint check` does


# kind -> how its text is read; the name is also the `path` of its findings
KINDS: dict[str, Kind] = {
    "draft": Kind("draft.txt"),  # a reply being written (a script when it has agent/customer labels)
    "macro": Kind("macro.json"),  # a helpdesk macro export (Zendesk, Freshdesk, … or {title: text})
    "macro-yaml": Kind("macro.yaml"),
    "html": Kind("message.html"),
    "markdown": Kind("message.md"),
    "script": Kind("script.txt", "script"),  # a phone or chat script with speaker labels
    "template": Kind("template.txt", "template"),  # a macro's body: its placeholders are its own, no leftovers
    "email": Kind("message.eml"),
}


class At(NamedTuple):
    """Where a finding starts and its rule: how a request names one finding (its line and column as the
    findings JSON gives them)."""

    line: int
    column: int
    rule: str

    @classmethod
    def of(cls, finding: Finding) -> At:
        return cls(finding.line, finding.column, finding.rule)


WARM_UP = "Hi Sam,\n\nSorry about the wait. You owe $4; I've refunded it.\n\nThanks!\n"


@dataclass(frozen=True)
class Settings:
    """What `lexlint serve` was started with: the flags that shape the configuration. Plain data, so worker
    processes can be handed it."""

    config_file: str | None = None
    phrasebooks: tuple[str, ...] = ()
    no_default: bool = False
    profiles: tuple[str, ...] = ()  # on for every request (else the config's)
    offered: tuple[str, ...] = ()  # profiles a request may add, one at a time
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        tuples: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**tuples)


def resolve(settings: Settings) -> tuple[planning.Plan, dict[str | None, planning.Group]]:
    """The configuration as `lexlint check` resolves it (config file, then flags) with no files, and the
    phrasebook of each profile set: None for the base profiles, else one offered profile added to them.
    Raises LexlintError for a config or phrasebook that does not load."""
    cfg = planning.configure(
        [],
        settings.config_file,
        select=settings.select,
        ignore=settings.ignore,
        phrasebooks=settings.phrasebooks or None,
        no_default=settings.no_default or None,
    )
    offered = dict.fromkeys([*settings.offered, *(o.profile for o in cfg.overrides if o.profile)])
    # overrides name files by glob; a request is not a file, so only their profiles are kept (offered)
    cfg = replace(cfg, overrides=())
    plan = planning.resolve(cfg, [], profiles=settings.profiles)
    base = plan.groups[0].profiles
    groups: dict[str | None, planning.Group] = {None: plan.groups[0]}
    for name in offered:
        groups[name] = planning.resolve(cfg, [], profiles=tuple(dict.fromkeys((*base, name)))).groups[0]
    return plan, groups


@dataclass
class Service:
    """The configuration and its compiled linters; build once with `start`, then answer many requests."""

    plan: planning.Plan
    linters: dict[str | None, Linter]  # None: the base profiles; else the profile a request adds
    base: tuple[str, ...]
    sets: dict[str | None, tuple[str, ...]]  # the same keys: the profiles each linter's phrasebook has
    prints: dict[str | None, str]  # and the fingerprint of its settings
    warnings: tuple[str, ...] = field(default=())

    @classmethod
    def start(cls, settings: Settings) -> Service:
        """Resolve the configuration and compile a linter for the base profiles and one for each offered
        profile. Raises LexlintError."""
        plan, groups = resolve(settings)
        linters = {name: Linter(group.book, plan.config) for name, group in groups.items()}
        sets = {name: group.profiles for name, group in groups.items()}
        prints = {name: fingerprint(group.book, plan.options.channels) for name, group in groups.items()}
        warnings = tuple(str(w) for w in plan.warnings)
        service = cls(plan, linters, plan.groups[0].profiles, sets, prints, warnings)
        for linter in linters.values():  # the first request would otherwise pay for what loads on first use
            service.lint(WARM_UP, linter)
        return service

    @property
    def book(self) -> Phrasebook:
        return self.linters[None].book

    def offered(self) -> list[str]:
        return [name for name in self.linters if name is not None]

    def linter(self, profile: str | None, select: tuple[str, ...] | None, ignore: tuple[str, ...] | None) -> Linter:
        """The linter for `profile` (one loaded at start), with the request's select/ignore in place of the
        configuration's when given."""
        if profile is not None and profile not in self.linters:
            loaded = ", ".join(self.offered()) or "none"
            raise RequestError(f"profile {profile!r} is not loaded (a request may add: {loaded})")
        linter = self.linters[profile]
        if select is None and ignore is None:
            return linter
        narrowed = copy.copy(linter)  # the compiled pipeline and matchers are shared; only the config differs
        narrowed.config = (linter.config or self.plan.config).override(select=select, ignore=ignore)
        return narrowed

    def options(self, kind: str, context: str) -> tuple[Kind, ReadOptions]:
        if kind not in KINDS:
            raise RequestError(f"unknown kind {kind!r} (choose from {', '.join(KINDS)})")
        how = KINDS[kind]
        return how, replace(self.plan.options, input_format=how.input_format, context=context)

    def lint(self, text: str, linter: Linter, kind: str = "draft", context: str = "") -> tuple[str, list[Finding]]:
        """The findings in `text` read as `kind`, at positions in `text`; and the path they name."""
        how, options = self.options(kind, context)
        return how.path, linter.lint(read_text(how.path, text, options))

    def shape(
        self, text: str, linter: Linter, kind: str = "draft", context: str = ""
    ) -> tuple[str, list[Finding], list[SentenceMoves]]:
        """As `lint`, and every sentence of `text` with the moves it carries: what the writer's page draws."""
        how, options = self.options(kind, context)
        return (how.path, *linter.lint_shaped(read_text(how.path, text, options)))

    def fix(
        self,
        text: str,
        linter: Linter,
        kind: str = "draft",
        context: str = "",
        unsafe: bool = False,
        finding: At | None = None,
    ) -> FileFix:
        """`text` with every provable rewrite applied (unsafe ones too when asked), and the refusals; with
        `finding`, only the rewrite of the finding that starts there."""
        how, options = self.options(kind, context)
        allowed = frozenset({"safe", "unsafe"} if unsafe else {"safe"})
        if finding is None:
            return fix_text(how.path, text, linter.fixes, allowed, options)
        segments = read_text(how.path, text, options)
        found = next((t for t in linter.fixes(segments) if At.of(t[2]) == finding), None)
        if found is None:
            line, column, rule = finding
            raise RequestError(f"the text has no {rule} finding at line {line}, column {column}")
        return fix_finding(how.path, text, segments, found, allowed, options)

    def rules(self, profile: str | None = None) -> list[dict[str, Any]]:
        """Every active entry and sequence, as data."""
        book = self.linter(profile, None, None).book
        out: list[dict[str, Any]] = [
            {
                "id": e.id,
                "type": "entry",
                "severity": e.severity,
                "fix": e.fix,
                "tags": list(e.tags),
                "avoid": [p.phrase.source for p in e.avoid],
                "instead": list(e.instead),
                "why": e.why,
            }
            for e in book.entries
        ]
        out += [
            {"id": s.id, "type": "sequence", "severity": s.severity, "fix": "none", "tags": list(s.tags), "why": s.why}
            for s in book.sequences
        ]
        return out

    def explain(self, rule_id: str, profile: str | None = None) -> str:
        try:
            return explain_text(rule_id, self.linter(profile, None, None).book) + "\n"
        except LexlintError as exc:
            raise RequestError(exc.message, 404) from None

    def findings(self, text: str, name: str, options: ReadOptions, profile: str | None) -> list[Finding]:
        """The rules' findings in a file's `text` before any configuration, read as a file called `name`
        (never opened) with the client's read options: what `lexlint check --server` asks for."""
        if not name or name != os.path.basename(name):
            raise RequestError(f"'name' must be a file name without a folder, not {name!r}")
        linter = self.linter(profile, None, None)
        channels = self.plan.options.channels
        return linter.rule_findings(read_text(name, text, replace(options, channels=channels)))

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "phrasebook": self.book.name,
            "profiles": list(self.base),
            "offered_profiles": self.offered(),
            "kinds": list(KINDS),
            "profile_sets": [
                {"profile": name, "profiles": list(self.sets[name]), "settings": self.prints[name]}
                for name in self.linters
            ],
        }
