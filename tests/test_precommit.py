"""The hook as a macro repository uses it: the real pre-commit installs lexlint from this checkout
(its working tree, committed into a scratch repository) and runs on `git commit`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def git(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


def lexlint_fix(name: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The manual-stage lexlint-fix hook, run by pre-commit on one file."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "lexlint-fix", "--hook-stage", "manual", "--files", name],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def snapshot(dest: Path, env: dict[str, str]) -> str:
    """This checkout's tracked and new files, committed in dest; the commit id."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=env).stdout
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git("init", "-q", cwd=dest, env=env)
    git("add", "-A", cwd=dest, env=env)
    git("commit", "-qm", "snapshot", cwd=dest, env=env)
    return git("rev-parse", "HEAD", cwd=dest, env=env).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_hook_blocks_a_bad_macro_and_lexlint_fix_repairs_it(tmp_path):
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    (tmp_path / "home").mkdir()
    hook_repo, macros = tmp_path / "lexlint-src", tmp_path / "macros"
    hook_repo.mkdir()
    macros.mkdir()
    rev = snapshot(hook_repo, env)
    git("init", "-q", cwd=macros, env=env)
    (macros / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n"
        "      - id: lexlint\n      - id: lexlint-fix\n        stages: [manual]\n",
        encoding="utf-8",
    )
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=macros, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr

    (macros / "welcome.json").write_text(
        json.dumps({"Welcome": "Thanks for writing in! We are glad to help."}), encoding="utf-8"
    )
    git("add", "-A", cwd=macros, env=env)
    clean = git("commit", "-m", "clean macro", cwd=macros, env=env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "lexlint" in clean.stdout + clean.stderr and "Passed" in clean.stdout + clean.stderr
    assert (macros / ".lexlint_cache").is_dir()
    assert git("status", "--porcelain", cwd=macros, env=env).stdout == ""  # the cache leaves `git add -A` alone

    bad = macros / "billing.json"
    bad.write_text(json.dumps({"Balance": "Hi,\n\nYou owe $40.12 on this account."}, indent=2), encoding="utf-8")
    git("add", "billing.json", cwd=macros, env=env)
    blocked = git("commit", "-m", "bad macro", cwd=macros, env=env)
    assert blocked.returncode != 0
    assert "billing.json:2:22: warning[you-owe]" in blocked.stdout + blocked.stderr
    assert "try: Our records show a balance of $40.12 on this account." in blocked.stdout + blocked.stderr

    fixed = lexlint_fix("billing.json", cwd=macros, env=env)
    assert "files were modified by this hook" in fixed.stdout
    assert json.loads(bad.read_text(encoding="utf-8")) == {
        "Balance": "Hi,\n\nOur records show a balance of $40.12 on this account."
    }
    git("add", "billing.json", cwd=macros, env=env)
    assert git("commit", "-m", "fixed macro", cwd=macros, env=env).returncode == 0

    # templates: valid Liquid and Handlebars pass (their placeholders are no leftovers); a bad one is blocked
    # by name, and lexlint-fix rewrites it keeping its placeholder
    (macros / "welcome.liquid").write_text(
        "Hi {{ customer.first_name }},\n\n{% if vip %}Thanks for staying with us.{% endif %}\n\nBest,\n{{ agent }}\n",
        encoding="utf-8",
    )
    (macros / "signoff.hbs").write_text("<p>Thanks for writing in, {{name}}!</p>\n", encoding="utf-8")
    git("add", "-A", cwd=macros, env=env)
    templates = git("commit", "-m", "templates", cwd=macros, env=env)
    assert templates.returncode == 0, templates.stdout + templates.stderr
    owe = macros / "balance.hbs"
    owe.write_text("<p>You owe {{ticket.custom_fields.balance}} on this account.</p>\n", encoding="utf-8")
    git("add", "balance.hbs", cwd=macros, env=env)
    blocked = git("commit", "-m", "bad template", cwd=macros, env=env)
    assert blocked.returncode != 0
    assert "balance.hbs:1:4: warning[you-owe]" in blocked.stdout + blocked.stderr
    assert "leftover-placeholder" not in blocked.stdout + blocked.stderr
    fixed = lexlint_fix("balance.hbs", cwd=macros, env=env)
    assert "files were modified by this hook" in fixed.stdout
    assert owe.read_text(encoding="utf-8") == (
        "<p>Our records show a balance of {{ticket.custom_fields.balance}} on this account.</p>\n"
    )
    git("add", "balance.hbs", cwd=macros, env=env)
    assert git("commit", "-m", "fixed template", cwd=macros, env=env).returncode == 0
