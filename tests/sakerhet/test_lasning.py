"""Reading a data folder never crashes or hangs: folders that cannot be read, broken and
looping links, FIFOs and devices as data files, links out of the repository, deep nesting.
Each ends in a Swedish problem naming the file (or a `fel:` naming the folder), exit 1."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stodplattform import repository
from stodplattform.loader import load

from ..conftest import EXAMPLE, copy_base, run, show

STOD = [sys.executable, "-m", "stodplattform"]
SECRET = "HEMLIG-RAD-UTANFOR"


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def _validate(*args: str):
    """`stod validera` in process (a traceback would be raised here) and as a program (the
    kept answer's way), and both must agree."""
    result = run("validera", *args)
    done = subprocess.run(
        [*STOD, "validera", *args], capture_output=True, text=True, timeout=20, check=False
    )
    assert (done.returncode, done.stdout) == (result.exit_code, result.stdout), done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return result


def _deny(monkeypatch, denied: Path) -> None:
    """As if `denied` could not be listed (chmod 000): tests run as root here, which reads
    anything, so the refusal is made where stod lists folders."""
    scandir = os.scandir

    def guarded(path="."):
        if Path(path).absolute() == denied.absolute():
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(repository.os, "scandir", guarded)


def test_a_folder_that_cannot_be_read(example, monkeypatch):
    _deny(monkeypatch, example / "data" / "moten")
    result = run("validera")
    assert result.exit_code == 1, show(result)
    assert "data/moten:1:1: fel: mappen kan inte läsas: behörighet saknas" in result.stdout


def test_the_data_folder_cannot_be_read(example, monkeypatch):
    _deny(monkeypatch, example / "data")
    result = run("validera")
    assert result.exit_code == 1, show(result)
    assert "fel: datamappen 'data' kan inte läsas: behörighet saknas" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.getuid() == 0, reason="root läser allt")
def test_a_folder_without_permissions(example):
    folder = example / "data" / "moten"
    folder.chmod(0)
    try:
        result = _validate()
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert "data/moten:1:1: fel: mappen kan inte läsas: behörighet saknas" in result.stdout


def test_the_data_folder_is_a_file(in_tmp):
    (in_tmp / "data").write_text("ingen mapp\n", "utf-8")
    result = _validate()
    assert result.exit_code == 1
    assert "fel: datamappen 'data' är en fil, inte en mapp" in result.stderr


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("finns-inte.yaml", "filen kan inte läsas: länken leder till en fil som inte finns"),
        ("slinga.yaml", "filen kan inte läsas: länken leder runt i en slinga"),
    ],
)
def test_broken_links(example, target, message):
    (example / "data" / "foretag" / "slinga.yaml").symlink_to("slinga.yaml")
    (example / "data" / "foretag" / "trasig.yaml").symlink_to(target)
    result = _validate()
    assert result.exit_code == 1
    assert f"data/foretag/trasig.yaml:1:1: fel: {message}" in result.stdout, show(result)


def test_a_kinds_folder_that_loops(example):
    shutil.rmtree(example / "data" / "moten")
    (example / "data" / "moten").symlink_to("moten")
    result = _validate()
    assert result.exit_code == 1
    assert "data/moten:1:1: fel: mappen kan inte läsas: länken leder runt i en slinga" in (
        result.stdout
    ), show(result)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="namngivna pipes finns på POSIX")
def test_a_fifo_as_a_data_file_does_not_hang(example):
    os.mkfifo(example / "data" / "stod" / "2027.yaml")
    result = _validate()  # a hang fails on the timeout
    assert result.exit_code == 1
    assert "data/stod/2027.yaml:1:1: fel: filen läses inte: den är ingen vanlig fil" in (
        result.stdout
    ), show(result)
    done = subprocess.run(
        [*STOD, "rapport", "2025", "--ut", "-"], capture_output=True, timeout=20, check=False
    )
    assert done.returncode == 1 and b"Traceback" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="ingen /dev/zero")
def test_dev_zero_as_a_data_file_is_not_read(example):
    """A link to a device leads out of the repository; and a device is no regular file."""
    (example / "data" / "deltagare" / "2027.yaml").symlink_to("/dev/zero")
    result = _validate()  # an endless read fails on the timeout
    assert "data/deltagare/2027.yaml:1:1: varning: filen är en länk" in result.stdout, show(result)
    source = load(Path("/dev/zero"))
    assert [p.message for p in source.problems] == [
        "filen läses inte: den är ingen vanlig fil (t.ex. en enhet eller en namngiven pipe)"
    ]


def test_a_folder_named_like_a_data_file(example):
    (example / "data" / "foretag" / "mapp.yaml").mkdir()
    result = _validate()
    assert "data/foretag/mapp.yaml:1:1: varning: en undermapp här läses inte" in result.stdout


def test_a_link_out_of_the_repository_is_not_read(example, tmp_path_factory):
    outside = tmp_path_factory.mktemp("utanfor") / "foretag.yaml"
    text = (example / "data" / "foretag" / "hantverkstan.yaml").read_text("utf-8")
    outside.write_text(text.replace("Hantverkstan", SECRET), "utf-8")
    (example / "data" / "foretag" / "utanfor.yaml").symlink_to(outside)
    result = _validate()
    assert (
        "data/foretag/utanfor.yaml:1:1: varning: filen är en länk ut ur datarepot (mappen som "
        "har data/) och läses inte" in result.stdout
    ), show(result)
    report = run("rapport", "2025", "--ut", "-")
    assert SECRET not in report.stdout + report.stderr + result.stdout


def test_a_kinds_folder_linked_out_of_the_repository_is_not_read(example, tmp_path_factory):
    outside = tmp_path_factory.mktemp("utanfor") / "stod"
    shutil.move(example / "data" / "stod", outside)
    log = outside / "2025.yaml"
    log.write_text(log.read_text("utf-8").replace("Bokslut", SECRET), "utf-8")
    (example / "data" / "stod").symlink_to(outside)
    result = _validate()
    assert "data/stod/2025.yaml:1:1: varning: filen är en länk" in result.stdout, show(result)
    assert SECRET not in result.stdout
    report = run("rapport", "2025", "--ut", "-")
    assert SECRET not in report.stdout + report.stderr


def test_a_link_inside_the_repository_is_read(example):
    shared = example / "delat"
    shared.mkdir()
    shutil.move(example / "data" / "foretag" / "hantverkstan.yaml", shared / "h.yaml")
    (example / "data" / "foretag" / "hantverkstan.yaml").symlink_to(shared / "h.yaml")
    result = _validate()
    assert result.exit_code == 0, show(result)
    assert "varning" not in result.stdout


@pytest.mark.parametrize(
    ("rel", "text"),
    [
        ("stod/2026.yaml", "- " + "[" * 500 + "]" * 500 + "\n"),
        ("foretag/djup.yaml", "namn: x\nextra: " + "{a: " * 500 + "1" + "}" * 500 + "\n"),
        (
            "moten/2025-01-01-djup.yaml",
            "extra:\n" + "".join("  " * i + "-\n" for i in range(1, 400)),
        ),
    ],
)
def test_deep_nesting_is_refused(example, rel, text):
    (example / "data" / rel).write_text(text, "utf-8")
    result = _validate()
    assert result.exit_code == 1
    assert f"data/{rel}:" in result.stdout
    assert "fel: filen är nästlad i mer än 40 nivåer" in result.stdout, show(result)


def test_ny_stod_on_a_fifo_log_does_not_hang(tmp_path):
    """`stod ny` appends to the year's log: a FIFO there is refused, not read forever."""
    data = copy_base(tmp_path)
    log = data / "stod" / "2025.yaml"
    log.unlink()
    os.mkfifo(log)
    done = subprocess.run(
        [sys.executable, "-m", "stodplattform", "ny", "stod", "--data", str(data),
         "--datum", "2025-03-01", "--foretag", "aterbruket", "--omrade", "hr", "--timmar", "1"],
        capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "ingen vanlig fil" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_ny_stod_on_a_latin1_log_is_a_message(in_tmp):
    data = copy_base(in_tmp)
    log = data / "stod" / "2025.yaml"
    log.write_bytes(log.read_bytes() + "# Gårdsbutiken\n".encode("latin-1"))
    result = run("ny", "stod", "--datum", "2025-03-01", "--foretag", "aterbruket",
                 "--omrade", "hr", "--timmar", "1")  # fmt: skip
    assert result.exit_code == 1, show(result)
    assert "UTF-8" in result.stderr, show(result)
