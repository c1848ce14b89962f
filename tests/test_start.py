"""`stod validera` answered again from the last run: the same output and exit code as the
ordinary way, and never when anything it depends on has changed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stodplattform import start

from .conftest import EXAMPLE, run, show


def _age(root: Path, seconds: float = 60) -> None:
    """Files as if saved a minute ago: an answer is not kept while a file is younger."""
    past = time.time() - seconds
    for path in [root, *root.rglob("*")]:
        os.utime(path, (past, past))


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    path = in_tmp / "data" / "foretag" / "hantverkstan.yaml"  # one error, for a real answer
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    _age(in_tmp / "data")
    return in_tmp


def _replayed(capsys, *args: str):
    code = start.replay(["validera", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("args", [[], ["--format", "json"], ["--strikt"], ["--data=data"]])
def test_replay_equals_the_ordinary_run(example, capsys, args):
    assert _replayed(capsys, *args)[0] is None  # nothing kept yet
    ordinary = run("validera", *args)
    assert ordinary.exit_code == 1, show(ordinary)
    code, out, err = _replayed(capsys, *args)
    assert (code, out, err) == (ordinary.exit_code, ordinary.stdout, ordinary.stderr)
    assert "'Aktiv' är inget giltigt värde" in out


def test_strikt_and_format_are_applied_on_replay(in_tmp, capsys):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    _age(in_tmp / "data")
    run("validera")
    code, out, err = _replayed(capsys, "--format", "json")
    assert (code, out) == (0, "[]\n")
    assert err == run("validera").stderr


@pytest.mark.parametrize(
    "change",
    ["edit", "add", "remove", "folder", "cwd", "day", "code", "off"],
)
def test_any_change_means_the_ordinary_way(example, capsys, monkeypatch, change):
    run("validera")
    data = example / "data"
    if change == "edit":  # same size, new time
        path = data / "foretag" / "hantverkstan.yaml"
        path.write_text(path.read_text("utf-8").replace("Aktiv", "AKTIV"), "utf-8")
    elif change == "add":
        shutil.copy(
            data / "moten" / sorted(os.listdir(data / "moten"))[0], data / "moten" / "ny.yaml"
        )
    elif change == "remove":
        (data / "foretag" / "hantverkstan.yaml").unlink()
    elif change == "folder":
        (data / "bilder").mkdir()
    elif change == "cwd":
        (example / "annan").mkdir()
        monkeypatch.chdir(example / "annan")
        monkeypatch.setenv("STOD_DATA", str(data))
    elif change == "day":
        tomorrow = start.today() + dt.timedelta(days=1)
        monkeypatch.setattr(start, "today", lambda: tomorrow)
    elif change == "code":
        monkeypatch.setattr(start.cache, "code_key", lambda: "en annan version")
    elif change == "off":
        monkeypatch.setenv("STOD_CACHE", "0")
    assert _replayed(capsys)[0] is None


def test_young_files_are_not_kept(in_tmp, capsys):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    (in_tmp / "data" / "foretag" / "hantverkstan.yaml").touch()
    run("validera")
    assert not (in_tmp / ".stod-cache" / start.ANSWER).exists()
    assert _replayed(capsys)[0] is None


@pytest.mark.parametrize(
    "args",
    [
        ["validera", "-h"],
        ["validera", "--format", "xml"],
        ["validera", "--okand"],
        ["rapport", "2025"],
    ],
)
def test_other_commands_and_flags_go_the_ordinary_way(example, capsys, args):
    run("validera")
    assert start.replay(args) is None


def test_a_broken_answer_is_ignored(example, capsys):
    run("validera")
    (example / ".stod-cache" / start.ANSWER).write_bytes(b"trasig")
    assert _replayed(capsys)[0] is None
    assert run("validera").exit_code == 1


def test_the_program_replays_without_loading_typer(example):
    code = (
        "import sys\n"
        "from stodplattform import start\n"
        "def leave(code):\n"
        "    print('typer' in sys.modules, 'pydantic' in sys.modules, code, file=sys.stderr)\n"
        "    sys.exit(code)\n"
        "start._leave = leave\n"
        "sys.argv = ['stod', 'validera']\n"
        "start.main()\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=example)
        for _ in range(2)
    ]
    first, second = runs
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout and "'Aktiv'" in first.stdout
    assert first.stderr.splitlines()[-1] == "True True 1", first.stderr
    assert second.stderr.splitlines()[-1] == "False False 1", second.stderr
    assert first.stderr.splitlines()[0] == second.stderr.splitlines()[0]  # the summary


def test_the_program_exits_with_the_commands_code(example):
    stod = [sys.executable, "-m", "stodplattform"]
    for _ in range(2):  # the ordinary way, then replayed
        done = subprocess.run([*stod, "validera"], capture_output=True, text=True, cwd=example)
        assert done.returncode == 1 and "'Aktiv'" in done.stdout, done.stderr
        assert done.stderr.startswith("Kontrollerade"), done.stderr
    done = subprocess.run(
        [*stod, "validera", "--okand"], capture_output=True, text=True, cwd=example
    )
    assert done.returncode == 2 and "okänd flagga" in done.stderr
    done = subprocess.run([*stod, "oversikt", "-h"], capture_output=True, text=True, cwd=example)
    assert done.returncode == 0 and "Exempel" in done.stdout


def test_the_folder_is_found_as_the_ordinary_way_finds_it(example, monkeypatch):
    from stodplattform.repository import resolve_folder

    for option in (None, "data", ""):
        assert start.folder_of(option) == resolve_folder(None if option is None else Path(option))
    monkeypatch.setenv("STOD_DATA", str(example / "data"))
    assert start.folder_of(None) == resolve_folder(None) == example / "data"


def test_the_same_folder_written_two_ways_is_the_same_answer(example, capsys):
    run("validera", "--data", "data")
    assert _replayed(capsys, "--data", "./data")[0] == 1
    assert _replayed(capsys, "--data", str(example / "data"))[0] == 1
