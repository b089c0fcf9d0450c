"""`--fix` never loses a byte: a rewrite touches only the message's own characters (never markup, escapes or
encodings it does not own), a file changed or deleted while it is being fixed is left as it is with a one-line
error, two runs take turns on one file, owner, group, mode and hard links are kept, a read-only file is not
written, and e-mail parts are written in their own charset and transfer encoding."""

from __future__ import annotations

import email
import fcntl
import json
import os
import quopri
import random
import stat
import subprocess
import sys
import time
from email import policy

import pytest
import yaml

from conftest import ROOT, lexlint

OWE = "You owe $40.12 on this account."
RECORDS = "Our records show a balance of $40.12 on this account."
ACROSS_A_TAG = '<p>You <a href="https://example.com/pay">owe $40</a> now.</p>'
CLEAN = "<p>You owe $40 now.</p>"
CLEAN_FIXED = "<p>Our records show a balance of $40 now.</p>"


def fix(*args: str):
    return lexlint("check", "--fix", *args)


def write_book(tmp_path, tried: str) -> str:
    """A one-entry phrasebook that rewrites "thx" to `tried`."""
    book = tmp_path / "thx.yaml"
    book.write_text(
        yaml.safe_dump(
            {"entries": [{"id": "thx", "avoid": ["thx"], "try": tried, "why": "w", "fix": "safe"}]}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    return str(book)


# ---- a rewrite changes only the message's own characters ----------------------------------------------

MARKUP_CASES = {
    "macro.html": (f"{ACROSS_A_TAG}\n{CLEAN}\n", lambda text: text),
    "macros.json": (
        json.dumps({"macros": [{"title": "Balance", "body_html": ACROSS_A_TAG + CLEAN}]}),
        lambda text: json.loads(text)["macros"][0]["body_html"],
    ),
    "macros.yaml": (
        yaml.safe_dump({"macros": [{"title": "Balance", "body_html": ACROSS_A_TAG + CLEAN}]}, width=500),
        lambda text: yaml.safe_load(text)["macros"][0]["body_html"],
    ),
    "replies.csv": (
        'id,text\n1,"' + (ACROSS_A_TAG + CLEAN).replace('"', '""') + '"\n',
        lambda text: text.split('"', 1)[1].rsplit('"', 1)[0].replace('""', '"'),
    ),
    "reply.eml": (
        (
            "From: a@example.com\nSubject: Balance\nContent-Type: text/html; charset=us-ascii\n\n"
            f"{ACROSS_A_TAG}\n{CLEAN}\n"
        ),
        lambda text: email.message_from_string(text, policy=policy.default).get_content(),
    ),
}


@pytest.mark.parametrize("name", sorted(MARKUP_CASES))
def test_a_match_across_markup_is_refused_and_the_markup_kept(tmp_path, name):
    before, markup_of = MARKUP_CASES[name]
    path = tmp_path / name
    path.write_text(before, encoding="utf-8")
    ran = fix(str(path))
    after = markup_of(path.read_text(encoding="utf-8"))
    assert ACROSS_A_TAG in after  # the link and its closing tag are still there
    assert CLEAN_FIXED in after  # the match that crosses no markup is fixed
    assert "you-owe: fix not applied: the match crosses markup" in ran.err
    assert "applied 1 fix in 1 file" in ran.err
    assert ran.code == 1 and "you-owe" in ran.out  # the refused finding is still reported


def test_markup_inside_a_gap_is_refused(tmp_path):
    book = tmp_path / "gap.yaml"
    book.write_text(
        "entries:\n  - {id: gap, avoid: ['owe ... now'], try: 'have a balance now', why: w, fix: safe}\n",
        encoding="utf-8",
    )
    path = tmp_path / "macro.html"
    original = "<p>You owe <b>$40</b> now.</p>\n"
    path.write_text(original, encoding="utf-8")
    ran = fix(str(path), "-p", str(book), "--no-default")
    assert path.read_text(encoding="utf-8") == original
    assert "gap: fix not applied: the match crosses markup" in ran.err and "gap" in ran.out


def test_escapes_the_message_owns_are_rewritten(tmp_path):
    path = tmp_path / "macros.json"
    path.write_text(
        json.dumps({"Balance": "You owe\\u0020$40.12 on this account. Caf\u00e9 &amp; co."}).replace(
            "\\\\u0020", "\\u0020"
        ),
        encoding="utf-8",
    )
    fix(str(path))
    assert json.loads(path.read_text(encoding="utf-8")) == {"Balance": f"{RECORDS} Caf\u00e9 &amp; co."}


# ---- the file on disk: owner, group, mode, links, read-only -------------------------------------------


def test_a_read_only_file_is_not_rewritten(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(f"Hi Ann,\n\n{OWE}\n", encoding="utf-8")
    os.chmod(path, 0o444)
    before = path.read_bytes()
    ran = fix(str(path))
    assert path.read_bytes() == before and stat.S_IMODE(os.stat(path).st_mode) == 0o444
    assert f"note: {path}: read-only (mode 0444); fixes not written" in ran.err
    assert "applied 0 fixes in 0 files" in ran.err
    assert ran.code == 1 and "you-owe" in ran.out


def test_a_fixed_file_keeps_its_hard_links(tmp_path):
    path, link = tmp_path / "draft.txt", tmp_path / "linked.txt"
    path.write_text(f"Hi Ann,\n\n{OWE}\n", encoding="utf-8")
    os.link(path, link)
    before = path.read_bytes()
    ran = fix(str(path))
    assert os.stat(path).st_ino == os.stat(link).st_ino and os.stat(path).st_nlink == 2
    assert path.read_bytes() == before == link.read_bytes()
    assert f"note: {path}: has 2 hard links" in ran.err


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another owner needs root")
def test_owner_group_and_mode_are_kept(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(f"Hi Ann,\n\n{OWE}\n", encoding="utf-8")
    os.chown(path, 4321, 8765)
    os.chmod(path, 0o664)
    fix(str(path))
    assert RECORDS in path.read_text(encoding="utf-8")
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 8765, 0o664)


def test_a_symlink_is_kept_and_its_target_fixed(tmp_path):
    target = tmp_path / "draft.txt"
    target.write_text(f"{OWE}\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(target)
    fix(str(tmp_path / "link.txt"))
    assert (tmp_path / "link.txt").is_symlink() and target.read_text(encoding="utf-8") == f"{RECORDS}\n"


# ---- e-mail parts: their own charset and transfer encoding -------------------------------------------


def _eml(charset: str | None, encoding: str | None, payload: str, subtype: str = "plain") -> str:
    headers = "From: a@example.com\nTo: b@example.org\nSubject: Waiting\n"
    if charset or encoding or subtype != "plain":
        declared = f"; charset={charset}" if charset else ""
        headers += f"MIME-Version: 1.0\nContent-Type: text/{subtype}{declared}\n"
    if encoding:
        headers += f"Content-Transfer-Encoding: {encoding}\n"
    return headers + "\n" + payload


def _content(path) -> tuple[str, str]:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    part = msg.get_body(preferencelist=("plain", "html"))
    return str(part.get("Content-Transfer-Encoding", "7bit")), part.get_content()


EML_CASES = {  # name: (charset, transfer encoding, payload, new words, decoded text after, or None: refused)
    "7bit us-ascii": (
        "us-ascii",
        "7bit",
        "Hi Ann, thx for waiting.\n",
        "thank you",
        "Hi Ann, thank you for waiting.\n",
    ),
    "no MIME headers": (None, None, "Hi Ann, thx for waiting.\n", "thank you", "Hi Ann, thank you for waiting.\n"),
    "7bit us-ascii, new word outside it": ("us-ascii", "7bit", "Hi Ann, thx for waiting.\n", "tr\u00e8s bien", None),
    "no MIME headers, new word outside us-ascii": (None, None, "Hi Ann, thx for waiting.\n", "tr\u00e8s bien", None),
    "quoted-printable iso-8859-1": (
        "iso-8859-1",
        "quoted-printable",
        "Hi Ann, caf=E9 and thx for waiting.\n",
        "tr\u00e8s bien",
        "Hi Ann, caf\u00e9 and tr\u00e8s bien for waiting.\n",
    ),
    "quoted-printable iso-8859-1, new word outside it": (
        "iso-8859-1",
        "quoted-printable",
        "Hi Ann, caf=E9 and thx for waiting.\n",
        "we\u2019re glad",
        None,
    ),
    "quoted-printable utf-8, soft line breaks": (
        "utf-8",
        "quoted-printable",
        "Hi Ann, caf=C3=A9. " + "Lorem ipsum dolor sit amet, consectetur "
        "adipiscing=\n elit. Then thx for waiting.\nBye.\n",
        "we\u2019re glad",
        (
            "Hi Ann, caf\u00e9. Lorem ipsum dolor sit amet, consectetur adipiscing elit. Then we\u2019re glad for "
            "waiting.\nBye.\n"
        ),
    ),
    "quoted-printable utf-8, a soft break inside a character (as other mailers write)": (
        "utf-8",
        "quoted-printable",
        "Hi Ann, caf=C3=\n=A9 and thx for waiting.\n",
        "tr\u00e8s bien",
        "Hi Ann, caf\u00e9 and tr\u00e8s bien for waiting.\n",
    ),
    "quoted-printable utf-8, a re-encoded line of many accented words": (
        "utf-8",
        "quoted-printable",
        "thx " + "caf=C3=A9 " * 6 + "=\n" + "na=C3=AFve " * 6 + "\n",
        "tr\u00e8s bien",
        "Tr\u00e8s bien " + "caf\u00e9 " * 6 + "na\u00efve " * 6 + "\n",
    ),
    "base64 utf-8": (
        "utf-8",
        "base64",
        "SGkgQW5uLCB0aHggZm9yIHdhaXRpbmcuCg==\n",
        "we\u2019re glad",
        "Hi Ann, we\u2019re glad for waiting.\n",
    ),
    "base64 iso-8859-1, new word outside it": (
        "iso-8859-1",
        "base64",
        "SGkgQW5uLCB0aHggZm9yIHdhaXRpbmcuCg==\n",
        "we\u2019re glad",
        None,
    ),
    "8bit utf-8": (
        "utf-8",
        "8bit",
        "Hi Ann, thx for waiting.\n",
        "tr\u00e8s bien",
        "Hi Ann, tr\u00e8s bien for waiting.\n",
    ),
    "8bit iso-8859-1, new word not ASCII": ("iso-8859-1", "8bit", "Hi Ann, thx for waiting.\n", "tr\u00e8s bien", None),
}


@pytest.mark.parametrize("case", sorted(EML_CASES))
def test_email_fix_is_written_in_the_parts_charset_and_encoding(tmp_path, case):
    charset, encoding, payload, tried, expected = EML_CASES[case]
    path = tmp_path / "reply.eml"
    original = _eml(charset, encoding, payload)
    path.write_text(original, encoding="utf-8")
    ran = fix(str(path), "-p", write_book(tmp_path, tried), "--no-default")
    if expected is None:
        assert path.read_text(encoding="utf-8") == original
        assert "thx: fix not applied: the new text cannot be written in the part's charset" in ran.err
        assert "thx" in ran.out
    else:
        assert _content(path) == (encoding or "7bit", expected)
        assert "applied 1 fix in 1 file" in ran.err
        written = path.read_text(encoding="utf-8").splitlines()
        assert all(len(line) <= 78 for line in written)
        if encoding == "quoted-printable" and "\u00e8s bien" in expected:  # each line decodes on its own
            assert all(quopri.decodestring(line.rstrip("=")).decode(charset) for line in written if "=" in line)


def test_email_html_part_is_escaped_and_its_markup_kept(tmp_path):
    path = tmp_path / "reply.eml"
    path.write_text(
        _eml("utf-8", "quoted-printable", "<p>Hi Ann, thx for <b>waiting</b>.</p>\n", "html"), encoding="utf-8"
    )
    fix(str(path), "-p", write_book(tmp_path, "we're <glad>"), "--no-default")
    assert _content(path) == ("quoted-printable", "<p>Hi Ann, we're &lt;glad&gt; for <b>waiting</b>.</p>\n")


# ---- errors while fixing -----------------------------------------------------------------------------


def test_fix_and_diff_on_a_text_over_a_million_characters(tmp_path):
    path = tmp_path / "export.txt"
    filler = ("Thanks for waiting " + "z" * 80 + ".\n") * 11_000
    original = f"Hi Ann,\n\n{OWE}\n{filler}"
    assert len(original) > 1_000_000
    path.write_text(original, encoding="utf-8")
    ran = lexlint("check", "--diff", str(path))
    assert ran.code == 1 and f"-{OWE}\n+{RECORDS}\n" in ran.out
    assert "would apply 1 fix in 1 file" in ran.err
    fix(str(path), "--no-cache")
    assert path.read_text(encoding="utf-8") == original.replace(OWE, RECORDS)


# ---- a file that changes, goes or is fixed by another run meanwhile ---------------------------------


@pytest.fixture
def fix_lint(default_linter):
    """The lint `--fix` runs, with the default phrasebook and no configuration."""
    return default_linter.fixes


def _fix_file(path, lint):
    from lexlint import fix as fixer

    return fixer.fix_file(str(path), lint, frozenset({"safe"}))


def test_a_file_appended_to_while_it_is_fixed_is_left_as_it_is(tmp_path, fix_lint):
    path = tmp_path / "draft.txt"
    path.write_text(f"Hi Ann,\n\n{OWE}\n", encoding="utf-8")

    def lint_while_an_editor_appends(segments):  # the file is saved again between lexlint's read and write
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("P.S. See you.\n")
        yield from fix_lint(segments)

    outcome = _fix_file(path, lint_while_an_editor_appends)
    assert path.read_text(encoding="utf-8").startswith(f"Hi Ann,\n\n{OWE}\nP.S. See you.\n")
    assert str(outcome.error) == f"{path}: changed while lexlint was fixing it; not written (run lexlint again)"
    assert os.listdir(tmp_path) == ["draft.txt"]


def test_a_change_that_keeps_size_and_mtime_is_still_seen(tmp_path, fix_lint):
    path = tmp_path / "draft.txt"
    path.write_text(f"Hi Ann,\n\n{OWE}\n", encoding="utf-8")
    seen = os.stat(path)

    def lint_while_a_byte_changes(segments):
        path.write_text(f"Hi Bob,\n\n{OWE}\n", encoding="utf-8")
        os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))
        yield from fix_lint(segments)

    outcome = _fix_file(path, lint_while_a_byte_changes)
    assert path.read_text(encoding="utf-8") == f"Hi Bob,\n\n{OWE}\n"
    assert "changed while lexlint was fixing it" in str(outcome.error)


def test_a_file_deleted_while_it_is_fixed_stays_deleted(tmp_path, fix_lint):
    path = tmp_path / "draft.txt"
    path.write_text(f"Hi Ann,\n\n{OWE}\n", encoding="utf-8")

    def lint_while_the_file_is_deleted(segments):
        path.unlink(missing_ok=True)
        yield from fix_lint(segments)

    assert _fix_file(path, lint_while_the_file_is_deleted) is None  # nothing written: the check reports it gone
    assert os.listdir(tmp_path) == []


def _lexlint(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lexlint", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def _wait_for(condition, proc: subprocess.Popen, seconds: float = 60) -> bool:
    """Poll `condition` until it holds (True) or the process ends or time runs out (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if condition():
            return True
        time.sleep(0.005)
    return False


def _has_open(proc: subprocess.Popen, path) -> bool:
    folder = f"/proc/{proc.pid}/fd"
    try:
        return any(os.readlink(os.path.join(folder, fd)) == str(path) for fd in os.listdir(folder))
    except OSError:
        return False


def _locked_by_another(path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="watches the run's open files in /proc")
def test_a_run_waits_for_the_lock_then_fixes_the_file_as_it_is_then(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(f"Hi Ann,\n\n{OWE}\n", encoding="utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as another lexlint run fixing this file holds it
    try:
        proc = _lexlint("check", "--fix", "--no-cache", str(path))
        assert _wait_for(lambda: _has_open(proc, path.resolve()), proc), "the run never opened the file"
        os.write(fd, b"You owe $9.50 too.\n")  # that run's change, made while this one waits
    finally:
        os.close(fd)  # and its lock with it
    _out, err = proc.communicate(timeout=60)
    assert path.read_text(encoding="utf-8") == (f"Hi Ann,\n\n{RECORDS}\nOur records show a balance of $9.50 too.\n"), (
        err.decode()
    )
    assert b"applied 2 fixes in 1 file" in err


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="a Linux run, as the lock test")
@pytest.mark.parametrize("meanwhile", ["append", "delete"])
def test_a_file_changed_or_deleted_during_a_fix_run_is_a_one_line_error(tmp_path, meanwhile):
    path = tmp_path / "draft.txt"
    original = f"Hi Ann,\n\n{OWE}\n" + "Thanks for waiting while we look into the account today.\n" * 6000
    seen_error = False
    for _attempt in range(3):  # the change must land after the run read the file: almost always at once
        path.write_text(original, encoding="utf-8")
        proc = _lexlint("check", "--fix", "--no-cache", "-q", str(path))
        assert _wait_for(lambda: _locked_by_another(path), proc), "the run never locked the file"
        if meanwhile == "append":
            with open(path, "a", encoding="utf-8") as fh:  # an editor, which takes no lock
                fh.write("P.S. See you.\n")
        else:
            path.unlink()
        _out, err = proc.communicate(timeout=120)
        if meanwhile == "delete":
            assert not path.exists() and sorted(os.listdir(tmp_path)) == []
        elif path.read_text(encoding="utf-8") != original + "P.S. See you.\n":  # read after the append: fixed
            assert path.read_text(encoding="utf-8") == (original + "P.S. See you.\n").replace(OWE, RECORDS)
            continue
        assert b"Traceback" not in err
        lines = [line for line in err.decode().splitlines() if "error" in line]
        what = "changed while lexlint was fixing it" if meanwhile == "append" else "cannot read: No such file"
        assert len(lines) == 1 and lines[0].startswith(f"lexlint: error: {path}: {what}"), err.decode()
        assert proc.returncode == 2
        seen_error = True
        break
    assert seen_error


def test_two_fix_runs_on_one_file_lose_nothing(tmp_path):
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text("entries:\n  - {id: alpha, avoid: [alpha], try: gamma, why: w, fix: safe}\n", encoding="utf-8")
    two.write_text("entries:\n  - {id: beta, avoid: [beta], try: delta, why: w, fix: safe}\n", encoding="utf-8")
    path = tmp_path / "draft.txt"
    path.write_text("Say alpha, then beta, once more.\n" * 3000, encoding="utf-8")
    runs = [
        _lexlint("check", "--fix", "--no-cache", "-q", "--no-default", "-p", str(book), str(path))
        for book in (one, two)
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert path.read_text(encoding="utf-8") == "Say gamma, then delta, once more.\n" * 3000, results
    assert all(run.returncode == 0 for run in runs), results


def test_a_fix_run_killed_mid_write_leaves_each_file_old_or_new(tmp_path):
    """SIGKILL at random moments once the run has begun writing: every file is whole, old or new."""
    rng = random.Random(18)
    folder = tmp_path / "macros"
    folder.mkdir()
    old = {f"reply{i:02d}.txt": f"Hi Ann,\n\n{OWE} Reply {i}.\n" + "Thanks for waiting.\n" * (i * 8) for i in range(30)}
    new = {name: text.replace(OWE, RECORDS) for name, text in old.items()}
    kills = partly = 0
    for _kill in range(15):
        for stray in folder.iterdir():
            stray.unlink()  # a killed run may leave its temporary file behind, never a partial one in place
        for name, text in old.items():
            (folder / name).write_text(text, encoding="utf-8")
        proc = _lexlint("check", "--fix", "--no-cache", "-q", str(folder))
        started = _wait_for(lambda: any((folder / n).read_text(encoding="utf-8") != old[n] for n in old), proc)
        if started:
            time.sleep(rng.uniform(0, 0.15))
            proc.kill()
            kills += 1
        proc.communicate(timeout=120)
        texts = {name: (folder / name).read_text(encoding="utf-8") for name in old}
        assert [name for name in old if texts[name] not in (old[name], new[name])] == []
        partly += 0 < sum(texts[name] == new[name] for name in old) < len(old)
    assert kills >= 10 and partly >= 5  # most kills landed while the run was writing


def test_the_next_fix_removes_what_a_killed_run_left_and_only_that(tmp_path):
    folder = tmp_path / "macros"
    folder.mkdir()
    (folder / "reply.txt").write_text(f"Hi Ann,\n\n{OWE}\n", encoding="utf-8")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead, alive = int(gone.stdout), os.getpid()
    orphan = folder / f".lexlint-{dead}-abc.tmp"
    kept = [folder / f".lexlint-{alive}-abc.tmp", folder / f".lexlint-{dead}-new.tmp", folder / "notes.tmp"]
    for path in (orphan, *kept):
        path.write_text("partial", encoding="utf-8")
    two_minutes_ago = time.time() - 120
    for path in (orphan, kept[0], kept[2]):
        os.utime(path, (two_minutes_ago, two_minutes_ago))
    ran = fix(str(folder / "reply.txt"))
    assert "applied 1 fix in 1 file" in ran.err
    assert not orphan.exists()  # a dead run's, written minutes ago
    assert all(path.exists() for path in kept)  # a live run's, one written a moment ago, and not lexlint's


def test_a_refused_fix_is_noted_once_where_it_stands_after_the_others(tmp_path):
    path = tmp_path / "macro.html"
    path.write_text(f"<p>thx. {ACROSS_A_TAG[3:]}\n", encoding="utf-8")
    ran = fix(str(path), "-p", write_book(tmp_path, "thank you"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<p>Thank you. You <a href=")
    notes = [line for line in ran.err.splitlines() if "fix not applied" in line]
    assert notes == [
        (
            f"lexlint: note: {path}:1:{text.index('You <a') + 1}: you-owe: fix not applied: "
            "the match crosses markup (a tag, a comment or an encoding's line break)"
        )
    ]
