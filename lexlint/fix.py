"""Applying rewrites to files: `--fix`, `--unsafe-fixes`, `--diff`.

A rewrite may change only characters of the message's own text, never markup, escapes it does not own or
encodings it cannot write back. Each pass lints the file's current text and takes the fixable findings whose
spans do not overlap. The file's reader writes the edits (its `rewrites`): most splice each into the file,
once every file character it replaces is shown to stand for a character of the matched words alone, with the
new words escaped for where they land (a JSON string, a quoted YAML scalar, HTML text, a CSV field …); an
e-mail part is re-encoded in its charset and transfer encoding. Then the edit is proved by reading the new
text back with the same reader: every segment must read exactly as the old one with the rewrites in place;
of the ways a reader offers to write an edit, the first proved is kept. An edit that cannot be proved is
refused with its reason, never forced.
Overlapping fixes wait for the next pass; passes repeat until nothing changes (bounded).

Writing a file (`fix_file`) takes an advisory lock on it, so two lexlint runs take turns, reads it under that
lock and replaces it only if it is still the file that was read (device, inode, size, modification time and
content hash): a temporary file in the same folder is given the file's owner, group, mode and extended
attributes, synced, and renamed over it, so a reader or a crash sees the old content or the new, never part
of either. A read-only file, and one with several hard links (which a rename would split), is not written."""

from __future__ import annotations

import codecs
import difflib
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from lexlint.errors import InputError, InternalError, LexlintError, Unwritable
from lexlint.findings import Finding, Hit
from lexlint.sources import ReadOptions, decode, pick_reader, read_bytes, read_text, templates
from lexlint.sources.segments import Segment
from lexlint.sources.writeback import Edit
from lexlint.spans import replace_spans

if TYPE_CHECKING:
    from lexlint.engine import Linter

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the unchanged-since-read check still holds
    fcntl = None  # type: ignore[assignment]

MAX_PASSES = 8
LOCK_TRIES = 20  # a lock won on a file another run has meanwhile replaced is taken again on the new file
Lint = Callable[[list[Segment]], Iterable[tuple[Segment, Hit, Finding]]]  # kept findings with their hits


UNPROVED = (
    "the rewrite cannot be written back into this {kind} file without changing what it says "
    "(a quoting style that cannot be re-escaped)"
)


@dataclass(frozen=True)
class Refusal:
    path: str
    line: int
    column: int
    rule: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.rule}: fix not applied: {self.reason}"


@dataclass(frozen=True)
class FileFix:
    path: str
    before: str
    after: str
    applied: int = 0
    refused: tuple[Refusal, ...] = field(default=())
    unwritten: str | None = None  # why proved fixes were left unwritten (a read-only file …): a note
    error: LexlintError | None = None  # the file changed or went while it was being fixed: an error

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def landed(self) -> bool:
        """Whether the fixes are (or, for --diff, would be) in the file."""
        return self.changed and self.unwritten is None and self.error is None

    def diff(self) -> str:
        old, new = self.before.splitlines(keepends=True), self.after.splitlines(keepends=True)
        if len(old) == len(new):  # the usual fix: lines rewritten in place
            lines: Iterable[str] = _line_for_line_diff(old, new, f"a/{self.path}", f"b/{self.path}")
        else:
            lines = difflib.unified_diff(old, new, f"a/{self.path}", f"b/{self.path}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _line_for_line_diff(
    old: list[str], new: list[str], old_name: str, new_name: str, context: int = 3
) -> Iterator[str]:
    """A unified diff of two texts with as many lines, each line paired with the one at its place. Linear:
    difflib's matcher treats a line repeated through a long file as junk and then shows the whole file
    replaced, and without that heuristic it is quadratic."""
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    if not changed:
        return
    yield f"--- {old_name}\n"
    yield f"+++ {new_name}\n"
    k = 0
    while k < len(changed):
        last = k
        while last + 1 < len(changed) and changed[last + 1] - changed[last] <= 2 * context:
            last += 1
        lo, hi = max(changed[k] - context, 0), min(changed[last] + context + 1, len(old))
        span = f"{lo + 1},{hi - lo}" if hi - lo != 1 else f"{lo + 1}"
        yield f"@@ -{span} +{span} @@\n"
        i = lo
        while i < hi:
            if old[i] == new[i]:
                yield " " + old[i]
                i += 1
                continue
            run = i
            while run < hi and old[run] != new[run]:
                run += 1
            yield from ("-" + line for line in old[i:run])
            yield from ("+" + line for line in new[i:run])
            i = run
        k = last + 1


@dataclass(frozen=True)
class _Edit:
    seg: int
    hit: Hit
    finding: Finding


def fix_text(
    path: str, text: str, lint: Lint, allowed: frozenset[str], options: ReadOptions = ReadOptions()
) -> FileFix:
    """The file's text with every provable fix applied, pass after pass. A refused fix is not tried again at
    the same place; one that a fix before it moved is tried (and refused) again, and only the refusals of
    findings still standing in the final text are reported, where they now stand."""
    current, applied = text, 0
    refused: dict[tuple[int, int, str], Refusal] = {}
    standing: set[tuple[int, int, str]] | None = None  # the fixable findings of the final text, once known
    for _ in range(MAX_PASSES):
        segments = read_text(path, current, options)
        known = len(refused)
        edits, found = _candidates(segments, lint, allowed, refused)
        new_text, done = _apply_proved(path, current, segments, edits, options, refused)
        if not done and len(refused) == known:  # a refusal frees the fixes it overlapped for another pass
            standing = found
            break
        current, applied = new_text, applied + done
    kept = refused.values() if standing is None else (r for key, r in refused.items() if key in standing)
    return FileFix(path, text, current, applied, tuple(kept))


NO_REWRITE = "this finding has no rewrite"
NOT_ASKED = "an unsafe rewrite: applied only when unsafe rewrites are asked for"


def fix_finding(
    path: str,
    text: str,
    segments: list[Segment],
    found: tuple[Segment, Hit, Finding],
    allowed: frozenset[str],
    options: ReadOptions = ReadOptions(),
) -> FileFix:
    """`text` with one finding's rewrite written in, proved as `fix_text` proves every fix; else `text` as it
    was, with the reason. `found` is the finding with its hit and its segment, one of `segments` (the text as
    read with `options`). One pass: an Apply on one finding in an editor or on the writer's page."""
    _segment, hit, finding = found
    refused: dict[tuple[int, int, str], Refusal] = {}
    if hit.replacement is None or finding.fix not in allowed:
        _refuse(refused, finding, NO_REWRITE if hit.replacement is None or finding.fix == "none" else NOT_ASKED)
        return FileFix(path, text, text, 0, tuple(refused.values()))
    edits, _found = _candidates(segments, lambda _segments: [found], allowed, refused)
    after, applied = _apply_proved(path, text, segments, edits, options, refused)
    return FileFix(path, text, after, applied, tuple(refused.values()))


def _candidates(
    segments: list[Segment], lint: Lint, allowed: frozenset[str], refused: dict[tuple[int, int, str], Refusal]
) -> tuple[list[_Edit], set[tuple[int, int, str]]]:
    """Fixable findings not refused before that do not overlap one another (the rest wait for a later
    pass), and where every fixable finding is."""
    index = {id(s): i for i, s in enumerate(segments)}
    fixable = [
        _Edit(index[id(seg)], hit, f)
        for seg, hit, f in lint(segments)
        if hit.replacement is not None and f.fix in allowed
    ]
    found = {(e.finding.start, e.finding.end, e.finding.rule) for e in fixable}
    chosen: list[_Edit] = []
    for edit in sorted(fixable, key=lambda e: (e.finding.start, e.finding.end)):
        f, seg = edit.finding, segments[edit.seg]
        if (f.start, f.end, f.rule) in refused:
            continue
        if not _keeps_placeholders(seg, edit.hit):
            _refuse(refused, f, "the match covers a template placeholder or tag that the rewrite does not keep")
            continue
        if chosen and f.start < chosen[-1].finding.end:
            continue
        chosen.append(edit)
    return chosen, found


def _keeps_placeholders(seg: Segment, hit: Hit) -> bool:
    """Whether the rewrite carries every template placeholder and tag in the match over as written, in the
    order written (one that stood in a slot of the `try`): only then may it replace the match."""
    if not seg.unmasked_text:  # nothing was masked in this segment
        return True
    inside = templates.PLACEHOLDER.findall(seg.unmasked(hit.start, hit.end))
    return not inside or inside == templates.PLACEHOLDER.findall(hit.replacement or "")


def _refuse(refused: dict[tuple[int, int, str], Refusal], f: Finding, reason: str) -> None:
    refused[(f.start, f.end, f.rule)] = Refusal(f.path, f.line, f.column, f.rule, reason)


def _apply_proved(
    path: str,
    text: str,
    segments: list[Segment],
    edits: list[_Edit],
    options: ReadOptions,
    refused: dict[tuple[int, int, str], Refusal],
) -> tuple[str, int]:
    """Apply all edits if they read back right together (written the reader's first way); else one by one,
    each written every way the reader offers until one reads back right, refusing those none does."""
    if not edits:
        return text, 0
    reader = pick_reader(path, text, options)
    try:
        first = next(reader.rewrites(text, _written(segments, edits)), None)
        if first is not None:
            return _proved(path, first, segments, edits, options), len(edits)
    except Unwritable:
        pass
    done = 0
    for edit in reversed(edits):  # from the end, so earlier file offsets stay valid
        reason = UNPROVED.format(kind=reader.NAME)
        try:
            for new in reader.rewrites(text, _written(segments, [edit])):
                try:
                    text = _proved(path, new, segments, [edit], options)
                except Unwritable as exc:
                    reason = str(exc) or reason
                    continue
                done += 1
                segments = read_text(path, text, options)
                break
            else:
                _refuse(refused, edit.finding, reason)
        except Unwritable as exc:  # the reader cannot write this edit at all
            _refuse(refused, edit.finding, str(exc) or reason)
    return text, done


def _written(segments: list[Segment], edits: list[_Edit]) -> list[Edit]:
    """The edits as a reader writes them: where in its segment and its file, and the new words."""
    return [
        Edit(segments[e.seg], e.hit.start, e.hit.end, e.hit.replacement or "", e.finding.start, e.finding.end)
        for e in edits
    ]


def _proved(path: str, new: str, segments: list[Segment], edits: list[_Edit], options: ReadOptions) -> str:
    """`new`, the text with the edits written in, if reading it back gives exactly the expected segments;
    else Unwritable."""
    by_segment: dict[int, list[tuple[int, int, str]]] = {}
    for e in edits:
        by_segment.setdefault(e.seg, []).append((e.hit.start, e.hit.end, e.hit.replacement or ""))
    # the texts as written, placeholders unmasked (a rewrite carries them as written; masking is a function
    # of this text, so equal written texts are equal masked texts)
    written = [s.unmasked_text or s.text for s in segments]
    expected = [replace_spans(w, by_segment[k]) if k in by_segment else w for k, w in enumerate(written)]
    try:
        new.encode("utf-8")  # a rewrite carrying a lone surrogate cannot be saved
        again = read_text(path, new, options)
    except (LexlintError, UnicodeEncodeError):
        raise Unwritable from None
    if [s.unmasked_text or s.text for s in again] != expected:
        raise Unwritable
    return new


# ---- writing ---------------------------------------------------------------------------------------


def fix_file(
    path: str, lint: Lint, allowed: frozenset[str], options: ReadOptions = ReadOptions(), *, write: bool = True
) -> FileFix | None:
    """The file fixed and, when `write`, saved (see the module's docstring for how); None when it cannot be
    read (missing, unreadable, not a regular file …) or is deleted before it is written, which the check
    that follows reports."""
    target = os.path.realpath(path)
    try:
        if not write:
            return fix_text(path, decode(path, read_bytes(target)), lint, allowed, options)
        with _locked(target) as fd:
            seen = os.fstat(fd)
            data = read_bytes(target)
            outcome = fix_text(path, decode(path, data), lint, allowed, options)
            return _save(path, target, fd, seen, data, outcome) if outcome.changed else outcome
    except (OSError, LexlintError):
        return None


def _save(path: str, target: str, fd: int, seen: os.stat_result, data: bytes, outcome: FileFix) -> FileFix:
    """`outcome` once its text is written, or with the note or error saying why it was not."""
    changed = _changed(target, fd, seen, data)
    if changed:
        return replace(outcome, error=InputError(changed, path))
    why = _unwritable(target, seen)
    if why is None:
        try:
            why = _replace(target, fd, seen, data, outcome.after)
        except InputError as exc:
            return replace(outcome, error=InputError(exc.message, path))
        except FileNotFoundError:
            raise  # deleted meanwhile: nothing to write, and the check says the file is gone
        except OSError as exc:
            return replace(outcome, error=InputError(f"cannot write: {exc.strerror or exc}; not written", path))
    return outcome if why is None else replace(outcome, unwritten=why)


@contextmanager
def _locked(target: str) -> Iterator[int]:
    """An open descriptor of `target` under an exclusive advisory lock, once the path still names the file
    locked: a run that held the lock before may have renamed a new file over the one this run waited on."""
    for _ in range(LOCK_TRIES):
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            held = os.fstat(fd)
            if not stat.S_ISREG(held.st_mode):
                raise InputError("not a regular file", target)
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            now = os.stat(target)
            if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                yield fd
                return
        finally:
            os.close(fd)  # which releases the lock
    raise InputError("kept being replaced while lexlint waited to fix it", target)  # left to the check


def _unwritable(target: str, seen: os.stat_result) -> str | None:
    """Why the file must not be replaced, whoever runs lexlint (root ignores permissions, so the mode's
    write bits are read here, not asked of the system)."""
    mode = stat.S_IMODE(seen.st_mode)
    if not mode & 0o222 or not os.access(target, os.W_OK):
        return f"read-only (mode {mode:04o}); fixes not written"
    if seen.st_nlink > 1:
        return f"has {seen.st_nlink} hard links, which replacing it would split; fixes not written (--diff shows them)"
    return None


def _changed(target: str, fd: int, seen: os.stat_result, data: bytes) -> str | None:
    """How the file differs from when it was read, or None while it is the same file with the same bytes.
    FileNotFoundError when it has been deleted."""
    now = os.stat(target)
    same = (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
        seen.st_dev,
        seen.st_ino,
        len(data),
        seen.st_mtime_ns,
    )
    if not same or hashlib.sha256(os.pread(fd, len(data) + 1, 0)).digest() != hashlib.sha256(data).digest():
        return "changed while lexlint was fixing it; not written (run lexlint again)"
    return None


def _replace(target: str, fd: int, seen: os.stat_result, data: bytes, text: str) -> str | None:
    """Write `text` over the file (BOM kept if it had one) by a temporary file renamed over it, if the file
    is still what was read (else an InputError); a reason when its owner cannot be kept."""
    folder = os.path.dirname(target)
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    _remove_orphans(folder)
    tmp_fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp")
    try:
        with os.fdopen(tmp_fd, "wb") as fh:
            fh.write(bom + text.encode("utf-8"))
            fh.flush()
            try:
                os.fchown(fh.fileno(), seen.st_uid, seen.st_gid)
            except PermissionError:
                os.unlink(tmp)
                return "owned by another user, which a rewritten file could not keep; fixes not written"
            os.fchmod(fh.fileno(), stat.S_IMODE(seen.st_mode))  # after chown, which may clear set-id bits
            _copy_xattrs(fd, fh.fileno())
            os.fsync(fh.fileno())
        changed = _changed(target, fd, seen, data)
        if changed:
            raise InputError(changed, target)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _sync_folder(folder)
    return None


TMP_PREFIX = ".lexlint-"  # a temporary file is named .lexlint-<pid of the run writing it>-<random>.tmp
ORPHAN_AGE_SECONDS = 60
_cleaned: set[str] = set()  # folders this process has already rid of orphans


def _remove_orphans(folder: str) -> None:
    """Remove the temporary files that a run killed mid-write (SIGKILL, a power cut) left in `folder`: those
    of a process that no longer exists, written over a minute ago. Once per folder per process."""
    if folder in _cleaned or os.name == "nt":  # Windows: os.kill(pid, 0) would send the process a Ctrl-C
        return
    _cleaned.add(folder)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    old = time.time() - ORPHAN_AGE_SECONDS
    for entry in entries:
        name = entry.name
        if not (name.startswith(TMP_PREFIX) and name.endswith(".tmp")):
            continue
        pid = name[len(TMP_PREFIX) :].partition("-")[0]
        with suppress(OSError, ValueError):
            stale = entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < old
            if stale and not _alive(int(pid)):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _copy_xattrs(src: int, dst: int) -> None:
    """Extended attributes (ACLs, labels) from the old file onto the new, where the system has them."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(src)
    except OSError:
        return
    for name in names:
        with suppress(OSError):  # an attribute only the kernel sets
            os.setxattr(dst, name, os.getxattr(src, name))


def _sync_folder(folder: str) -> None:
    """The rename itself on disk, so a power cut after `--fix` reported success cannot undo it."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def fix_files(
    files: Iterable[str],
    linter: Linter,
    options: ReadOptions,
    *,
    unsafe: bool,
    write: bool,
    lint: Callable[[Lint], Lint] | None = None,
) -> list[FileFix]:
    """Each file's fixes with `linter` (its configuration applied; `lint` narrows what it offers, e.g. to
    what a baseline does not record), written when `write`. Each file inside the per-file error boundary: a
    user error is that file's error, anything else a bug met in that file; the other files are still fixed.
    Unreadable files are left to the check, which reports them."""
    allowed = frozenset({"safe", "unsafe"} if unsafe else {"safe"})
    fixes = lint(linter.fixes) if lint is not None else linter.fixes
    outcomes = []
    for path in files:
        try:
            outcome = fix_file(path, fixes, allowed, options, write=write)
        except LexlintError as exc:
            outcome = FileFix(path, "", "", error=exc)
        except Exception as exc:
            outcome = FileFix(path, "", "", error=InternalError.from_exception(exc, path))
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes
