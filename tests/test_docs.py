"""The docs as a user follows them: every command block (```sh, ```console) and every file block (```yaml
title="lexlint.yaml" …) of README.md and docs/*.md is run, page by page, in a folder of its own holding the
bundled examples; the site builds with `mkdocs build --strict`; every relative link of the README resolves.

How a page marks its blocks, on the line just before the fence:

- `<!-- not run: REASON -->`: a block a test cannot run (a server that blocks, an install, a CI platform's file);
- `<!-- exit: N -->`: every command of the block exits N (else each exits 0 or 1: clean, or findings; the
  check of a file block exits 0).

A ```sh block runs line by line. A ```console block runs each `$ ` line and checks that the output shown
under it is what the command prints: the shown lines are one piece of the real output, or several, where a
line of its own holds only `…`; the page's folder is shown as `~/acme`. A block with `title="NAME"` is
written to NAME first (a phrasebook, a config, a draft) and then checked as what it is: a config with
`lexlint rules --config`, pre-commit's with `pre-commit validate-config`, any other YAML as a phrasebook
with `lexlint test`. Every YAML block, run or not, parses."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from conftest import ROOT, Ran, lexlint

DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
RUNNABLE = {"sh", "console", "yaml", "toml"}
CONFIGS = {"lexlint.yaml", ".lexlint.yaml", "pyproject.toml"}
FENCE = re.compile(r"^```(?P<lang>[\w-]*)(?P<attrs>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
MARK = re.compile(r"<!--\s*(?P<what>not run|exit):\s*(?P<value>.*?)\s*-->\s*\Z")
SHELL = re.compile(r"[|&;<>()$`*?]|^\w+=")  # a line bash must run; a plain `lexlint …` line runs in this process
# What the docs' commands name as the user's own files, beside the bundled examples
SEED = {
    "draft.txt": "examples/billing-reminder.txt",
    "reply.txt": "examples/refund-clean.txt",
    "macros/billing-reminder.txt": "examples/billing-reminder.txt",
    "macros/welcome-back.md": "examples/welcome-back.md",
}
CUSTOMER = "Hi, I was charged twice for my order and I'm really annoyed.\n"


class Block(NamedTuple):
    page: Path
    line: int
    lang: str
    title: str | None
    body: str
    skip: str | None  # why it is not run
    exit: int | None  # what each of its commands exits, when the page says


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for m in FENCE.finditer(text):
        before = text[: m.start()].rstrip("\n")
        mark = MARK.search(before.rsplit("\n", 1)[-1] + "\n") if before else None
        title = re.search(r'title="([^"]+)"', m.group("attrs"))
        skip = mark.group("value") if mark and mark.group("what") == "not run" else None
        code = int(mark.group("value")) if mark and mark.group("what") == "exit" else None
        line = text.count("\n", 0, m.start()) + 1
        found.append(Block(page, line, m.group("lang"), title and title.group(1), m.group("body"), skip, code))
    return found


def commands(body: str) -> list[str]:
    """A ```sh block's commands: its lines, `\\` continuations joined, comments and blank lines left out."""
    joined = re.sub(r"\\\n\s*", " ", body)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def console(body: str) -> list[tuple[str, str]]:
    """A ```console block's `$ ` commands, each with the output shown under it."""
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return [(command, "\n".join(shown).strip("\n")) for command, shown in out]


class Folder:
    """A page's own folder: the bundled examples and the files the docs name as a user's, a `lexlint` on PATH
    that is this checkout's, and git and pre-commit kept inside it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        shutil.copytree(ROOT / "examples", path / "examples")
        for name, source in SEED.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / source, path / name)
        (path / "customer.txt").write_text(CUSTOMER, encoding="utf-8")
        shims = path.parent / f"{path.name}-bin"
        shims.mkdir()
        shim = shims / "lexlint"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m lexlint "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
        home = path.parent / f"{path.name}-home"
        home.mkdir()
        self.env = {
            **os.environ,
            "PATH": os.pathsep.join([str(shims), str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
            "PYTHONPATH": str(ROOT),
            "PYTHONIOENCODING": "utf-8",
            "HOME": str(home),
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Docs",
            "GIT_AUTHOR_EMAIL": "docs@example.com",
            "GIT_COMMITTER_NAME": "Docs",
            "GIT_COMMITTER_EMAIL": "docs@example.com",
        }

    def run(self, command: str) -> Ran:
        if command.startswith("lexlint ") and not SHELL.search(command):
            return lexlint(*shlex.split(command, comments=True)[1:], cwd=self.path)
        proc = subprocess.run(
            ["bash", "-c", command], cwd=self.path, env=self.env, capture_output=True, text=True, timeout=300
        )
        return Ran(proc.returncode, proc.stdout, proc.stderr)

    def check_file(self, block: Block) -> Ran | None:
        """Write a titled block's file, then check it as what it is (None: a file nothing reads on its own)."""
        assert block.title is not None
        target = self.path / block.title
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.body, encoding="utf-8")
        name = Path(block.title).name
        if name in CONFIGS:
            return self.run(f"lexlint rules --config {shlex.quote(block.title)}")
        if name == ".pre-commit-config.yaml":
            return self.run(f"pre-commit validate-config {shlex.quote(block.title)}")
        if block.lang == "yaml":
            return self.run(f"lexlint test {shlex.quote(block.title)}")
        return None


def where(block: Block) -> str:
    return f"{block.page.relative_to(ROOT)}:{block.line}"


def expect(block: Block, command: str, ran: Ran, usual: tuple[int, ...] = (0, 1)) -> None:
    allowed = {block.exit} if block.exit is not None else set(usual)
    assert ran.code in allowed, f"{where(block)}: `{command}` exited {ran.code}, not {allowed}\n{ran.out}{ran.err}"
    assert "Traceback" not in ran.err, f"{where(block)}: `{command}`\n{ran.err}"


def shown_in(shown: str, printed: str) -> bool:
    """Whether the pieces of `shown` (split at lines of `…` alone) appear in `printed`, in order."""
    at = 0
    for piece in re.split(r"^…$", shown, flags=re.M):
        piece = piece.strip("\n")
        if not piece:
            continue
        found = printed.find(piece, at)
        if found == -1:
            return False
        at = found + len(piece)
    return True


def run_page(page: Path, folder: Folder) -> int:
    """Run a page's blocks in order in `folder`; how many ran."""
    count = 0
    home = str(folder.path.parent)
    for block in blocks(page):
        if block.lang in ("yaml", "yml"):
            yaml.safe_load(block.body)  # run or not, a YAML block parses
        if block.skip is not None or (block.lang not in RUNNABLE and block.title is None):
            continue
        count += 1
        if block.title is not None:
            ran = folder.check_file(block)
            if ran is not None:
                expect(block, f"check of {block.title}", ran, usual=(0,))  # a file as the page gives it works
        elif block.lang == "sh":
            for command in commands(block.body):
                expect(block, command, folder.run(command))
        elif block.lang == "console":
            for command, shown in console(block.body):
                ran = folder.run(command)
                expect(block, command, ran)
                # a phrasebook's messages name its full path: the page shows the folder as ~/acme
                ran = ran._replace(out=ran.out.replace(home, "~"), err=ran.err.replace(home, "~"))
                printed = (ran.out, ran.err, ran.err + ran.out)  # a terminal shows the notes on stderr first
                assert any(shown_in(shown, text) for text in printed), (
                    f"{where(block)}: `{command}` printed\n{ran.err}{ran.out}\nnot what the page shows:\n{shown}"
                )
        else:
            pytest.fail(f"{where(block)}: a ```{block.lang} block with no title=: give it one, or mark it not run")
    return count


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_block_of_the_page_runs_as_it_says(page: Path, tmp_path: Path):
    folder = tmp_path / "acme"
    folder.mkdir()
    run_page(page, Folder(folder))


def test_the_docs_run_most_of_their_blocks_and_say_why_not_the_rest():
    every = [b for page in PAGES for b in blocks(page) if b.lang in RUNNABLE or b.title]
    skipped = [b for b in every if b.skip is not None]
    assert all(b.skip for b in skipped), [where(b) for b in skipped if not b.skip]  # a reason, not just a mark
    assert len(every) - len(skipped) >= 2 * len(skipped), (len(every), [where(b) for b in skipped])
    for page in PAGES:  # an indented fence would be read as text here: blocks stand at the left margin
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"^[ \t]+```(sh|console|yaml|toml)\b", text, re.M), page


def test_the_site_builds_with_no_warning(tmp_path: Path):
    """`mkdocs build --strict`: a link to a missing page or anchor, a page left out of the nav, a broken
    snippet fails the build. The theme fetches nothing while building."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "rules" / "index.html").is_file()


def test_every_relative_link_of_the_readme_resolves_to_a_file():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'(?:src|href)="([^"]+)"', text)
    relative = [link.split("#")[0] for link in links if not re.match(r"[a-z]+:|#", link)]
    assert relative, "the README links into the docs"
    assert [link for link in relative if not (ROOT / link).exists()] == []
