"""One folder per invalid-data case: the minimal base, the case's files on top, the expected
messages beside them in forvantat.txt (STOD_UPPDATERA=1 rewrites them)."""

from __future__ import annotations

import shutil

import pytest

from .conftest import FALL, UPDATE, copy_base, run, show

CASES = sorted(p.name for p in FALL.iterdir() if p.is_dir() and not p.name.startswith("_"))


def test_there_are_enough_cases():
    assert len(CASES) >= 30


def test_base_is_valid(in_tmp):
    copy_base(in_tmp)
    result = run("validera", "--strikt")
    assert result.exit_code == 0, show(result)
    assert result.stdout == ""


@pytest.mark.parametrize("case", CASES)
def test_case(case, in_tmp):
    data = copy_base(in_tmp)
    folder = FALL / case
    if (
        folder / "data"
    ).is_dir():  # a case that only deletes files has none (git keeps no empty folder)
        shutil.copytree(folder / "data", data, dirs_exist_ok=True)
    if (folder / "radera.txt").exists():
        for rel in (folder / "radera.txt").read_text(encoding="utf-8").split():
            (data / rel).unlink()
    result = run("validera")
    expected_file = folder / "forvantat.txt"
    if UPDATE:
        expected_file.write_text(result.stdout, encoding="utf-8")
    assert result.exit_code == 1, show(result)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == expected_file.read_text(encoding="utf-8"), show(result)
    for line in result.stdout.splitlines():
        assert line.startswith("data/") and (": fel: " in line or ": varning: " in line), line
