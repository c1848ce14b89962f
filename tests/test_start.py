"""`stod validera` answered again from the last run: the same output and exit code as the
ordinary way, and never when anything it depends on has changed."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stodplattform import cache, start

from .conftest import EXAMPLE, run, show


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    path = in_tmp / "data" / "foretag" / "hantverkstan.yaml"  # one error, for a real answer
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    return in_tmp


def _replay(args: list[str]) -> int | None:
    options = start._options(args)
    return None if options is None else cache.replay(*options)


def _replayed(capsys, *args: str):
    code = _replay(["validera", *args])
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


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("found", ["fel", "varning", "inget"])
def test_replay_and_ordinary_run_are_the_same_bytes(in_tmp, capsysbinary, fmt, found):
    """One reporter (`problems.report`) for both ways: stdout, stderr and exit code to the
    byte, for text and JSON, with errors, with only warnings (also --strikt) and clean."""
    data = in_tmp / "data"
    shutil.copytree(EXAMPLE, data)
    if found == "fel":
        path = data / "foretag" / "hantverkstan.yaml"
        path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    elif found == "varning":
        (data / "anteckningar.yaml").write_text("å: ö\n", encoding="utf-8")
    for strikt in ([], ["--strikt"]):
        args = ["validera", "--format", fmt, *strikt]
        ordinary = run(*args)
        code = _replay(args)
        out, err = capsysbinary.readouterr()
        assert code is not None
        assert (code, out, err) == (
            ordinary.exit_code,
            ordinary.stdout_bytes,
            ordinary.stderr_bytes,
        )
        assert code == {"fel": 1, "varning": 1 if strikt else 0, "inget": 0}[found]
        assert (out == b"[]\n" if fmt == "json" else out == b"") == (found == "inget")


def test_the_program_answers_the_same_bytes_replayed(example):
    """The real program, twice per format: the ordinary run keeps its answer, the second run
    replays it; what the user sees is the same to the byte."""
    stod = [sys.executable, "-m", "stodplattform", "validera"]
    for fmt in ("text", "json"):
        args = ["--format", fmt]
        first = subprocess.run([*stod, *args], capture_output=True, cwd=example)
        cache.code_key.cache_clear()  # as a new process reads the code
        assert _replay(["validera", *args]) == 1  # kept: the next run is replayed
        second = subprocess.run([*stod, *args], capture_output=True, cwd=example)
        assert (second.returncode, second.stdout, second.stderr) == (
            first.returncode, first.stdout, first.stderr
        )  # fmt: skip
        assert first.returncode == 1 and b"'Aktiv'" in first.stdout, first.stderr


def test_strikt_and_format_are_applied_on_replay(in_tmp, capsys):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    run("validera")
    code, out, err = _replayed(capsys, "--format", "json")
    assert (code, out) == (0, "[]\n")
    assert err == run("validera").stderr


@pytest.mark.parametrize(
    "change",
    ["edit", "same-size-and-time", "add", "remove", "folder", "link", "cwd", "day", "code", "off"],
)
def test_any_change_means_the_ordinary_way(example, capsys, monkeypatch, change):
    run("validera")
    assert _replayed(capsys)[0] == 1
    data = example / "data"
    path = data / "foretag" / "hantverkstan.yaml"
    if change == "edit":
        path.write_text(path.read_text("utf-8").replace("Aktiv", "AKTIVA"), "utf-8")
    elif change == "same-size-and-time":
        before = path.stat()
        path.write_text(path.read_text("utf-8").replace("Aktiv", "AKTIV"), "utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif change == "link":  # the same bytes, through a link out of the repository
        outside = example.parent / f"{example.name}-utanfor.yaml"
        shutil.copy(path, outside)
        path.unlink()
        path.symlink_to(outside)
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
        tomorrow = cache.today() + dt.timedelta(days=1)
        monkeypatch.setattr(cache, "today", lambda: tomorrow)
    elif change == "code":
        monkeypatch.setattr(cache, "code_key", lambda: "en annan version")
    elif change == "off":
        monkeypatch.setenv("STOD_CACHE", "0")
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
    assert _replay(args) is None


ANSWERS = [
    b"trasig",
    b"[]",
    b'{"nyckel": 1, "filer": 3, "problem": []}',
    b'{"nyckel": "%s", "filer": 3, "problem": [["a", 1, 1, "kanske", "x"]]}',
    b'{"nyckel": "%s", "filer": 3, "problem": [["a", "1", 1, "fel", "x"]]}',
    b'{"nyckel": "%s", "filer": "3", "problem": []}',
    b'{"nyckel": "%s", "filer": 3, "problem": {}}',
]


@pytest.mark.parametrize("content", ANSWERS)
def test_a_broken_answer_is_ignored(example, capsys, content):
    run("validera")
    answer = cache.folder_for(example / "data") / cache.ANSWER
    key = cache.snapshot(example / "data").encode()
    answer.write_bytes(content.replace(b"%s", key))
    assert _replayed(capsys)[0] is None
    assert run("validera").exit_code == 1


def test_a_forged_answer_for_other_data_is_not_given(example, capsys):
    """ "inga fel" kept for a folder without errors is never the answer for one with errors."""
    run("validera")
    answer = cache.folder_for(example / "data") / cache.ANSWER
    stored = json.loads(answer.read_text("utf-8"))
    stored["problem"] = []
    answer.write_text(json.dumps(stored), "utf-8")
    assert _replayed(capsys)[:2] == (0, "")  # the kept answer is used as it stands…
    path = example / "data" / "foretag" / "vaderbacken.yaml"
    path.write_text(path.read_text("utf-8") + "# ändrad\n", "utf-8")
    assert _replayed(capsys)[0] is None  # …only for the data it was kept for


def test_the_answer_is_kept_privately(example):
    run("validera")
    answer = cache.folder_for(example / "data") / cache.ANSWER
    assert answer.is_file()
    if os.name == "posix":
        assert answer.stat().st_mode & 0o777 == 0o600
        assert answer.parent.stat().st_mode & 0o777 == 0o700


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
        assert cache.folder_of(option) == resolve_folder(None if option is None else Path(option))
    monkeypatch.setenv("STOD_DATA", str(example / "data"))
    assert cache.folder_of(None) == resolve_folder(None) == example / "data"


def test_the_same_folder_written_two_ways_is_the_same_answer(example, capsys):
    run("validera", "--data", "data")
    assert _replayed(capsys, "--data", "./data")[0] == 1
    assert _replayed(capsys, "--data", str(example / "data"))[0] == 1
