"""Runs one lexlint command in a fresh interpreter and writes down what it loaded and opened.

    python tests/child_run.py REPORT.json [--settled] -- ARGS...

runs `lexlint ARGS` from the current folder, then writes REPORT.json: the exit code, every module loaded,
and every file opened (as an absolute path). With --settled, a file written a moment ago may be known by its
stat all the same.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the lexlint of this checkout, from whatever folder the command runs in

opened: set[str] = set()


def _record_opens(event: str, args: tuple) -> None:
    if event == "open" and isinstance(args[0], str):
        opened.add(os.path.abspath(args[0]))


def main(argv: list[str]) -> None:
    report, rest = argv[0], argv[1:]
    settled = "--settled" in rest[: rest.index("--")]
    args = rest[rest.index("--") + 1 :]
    sys.addaudithook(_record_opens)
    if settled:
        from lexlint.run import cache

        cache.RACY_NS = 0
    from lexlint.cli import main as lexlint

    try:
        lexlint(args)
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    sys.stdout.flush()
    Path(report).write_text(
        json.dumps({"code": code, "modules": sorted(sys.modules), "opened": sorted(opened)}), encoding="utf-8"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
