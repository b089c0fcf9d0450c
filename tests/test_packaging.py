"""The wheel ships every bundled phrasebook, profile and wording file, and the writer's page, so an
installed (non-editable) lexlint works like a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    built = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(built), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = built.glob("lexlint-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def test_wheel_contains_the_bundled_rules(wheel_names: set[str]):
    names = wheel_names
    expected = {f"lexlint/rules/{p.relative_to(ROOT / 'rules').as_posix()}" for p in (ROOT / "rules").rglob("*.yaml")}
    assert expected and expected <= names
    assert "lexlint/checks/sequences.py" in names and "lexlint/sources/eml.py" in names
    assert "lexlint/lsp/server.py" in names and "lexlint/cli/lsp.py" in names


def test_wheel_contains_every_file_of_the_writers_page(wheel_names: set[str]):
    from lexlint.serve.app import PAGE

    served = {f"lexlint/serve/page/{name}" for name, _media in PAGE.values()}
    shipped = {n for n in wheel_names if n.startswith("lexlint/serve/page/")}
    on_disk = {f"lexlint/serve/page/{p.name}" for p in (ROOT / "lexlint" / "serve" / "page").iterdir()}
    assert served == shipped == on_disk  # each file served is shipped, and nothing else lies there
