"""The wheel ships every bundled phrasebook, profile and wording file, so an installed (non-editable)
lexlint works like a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_contains_the_bundled_rules(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("lexlint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"lexlint/rules/{p.relative_to(ROOT / 'rules').as_posix()}" for p in (ROOT / "rules").rglob("*.yaml")}
    assert expected and expected <= names
    assert "lexlint/checks/sequences.py" in names and "lexlint/sources/eml.py" in names
    assert "lexlint/lsp/server.py" in names and "lexlint/cli/lsp.py" in names
