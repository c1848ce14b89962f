"""Attacks through the cache: nothing kept on disk can run code or change an answer.

stod once unpickled `.stod-cache/` beside the data folder: a data repository that shipped that
folder ran code on the next `stod validera`. The cache now lives in the user's own cache folder
as JSON, keyed by a hash of each file's bytes."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stodplattform import cache

from ..conftest import EXAMPLE, run, show

STOD = [sys.executable, "-m", "stodplattform"]


class _Payload:
    """Unpickled, it creates the marker file: proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def _stod(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*STOD, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def test_a_pickle_beside_the_data_is_never_read(example):
    marker = example / "koden-korde"
    payload = pickle.dumps({"nyckel": _Payload(marker), "filer": {}, "problem": []})
    pickle.loads(payload)  # the payload works: unpickling it makes the marker…
    assert marker.exists()
    marker.unlink()
    folder = example / ".stod-cache"
    folder.mkdir()
    for name in ("tolkning.pickle", "validera.pickle"):
        (folder / name).write_bytes(payload)
    for _ in range(2):  # the ordinary way, then the kept answer
        done = _stod(example, "validera")
        assert done.returncode == 0, done.stderr
        assert not marker.exists()  # …which stod never does
    result = run("validera")
    assert result.exit_code == 0, show(result)
    result = run("rapport", "2025", "--ut", "-")
    assert result.exit_code == 0, show(result)
    assert not marker.exists()


def test_the_cache_is_private(example):
    result = run("validera")
    assert result.exit_code == 0, show(result)
    folder = cache.folder_for(example / "data")
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [cache.ENTRIES, cache.ANSWER]
    assert folder.parent == Path(os.environ["STOD_CACHE_DIR"])
    if os.name == "posix":
        assert folder.stat().st_mode & 0o777 == 0o700
        assert all(f.stat().st_mode & 0o777 == 0o600 for f in files)


@pytest.mark.skipif(os.name != "posix", reason="rättigheter som på POSIX")
def test_a_cache_folder_others_can_write_is_made_private(example):
    folder = cache.folder_for(example / "data")
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert run("validera").exit_code == 0
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.skipif(
    os.name != "posix" or os.getuid() != 0, reason="att ge mappen en annan ägare kräver root"
)
def test_a_cache_folder_of_someone_else_is_not_used(example):
    """A forged "inga fel", made with the right key, in a folder another user made."""
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    folder = cache.folder_for(example / "data")
    folder.mkdir(parents=True)
    os.chown(folder, 12345, 12345)
    forged = {"nyckel": cache.snapshot(example / "data"), "filer": 47, "problem": []}
    (folder / cache.ANSWER).write_text(json.dumps(forged), "utf-8")
    done = _stod(example, "validera")
    assert done.returncode == 1 and "'Aktiv'" in done.stdout, done.stderr
    assert "inga fel" not in done.stderr


def test_an_edit_keeping_size_and_time_is_seen(example):
    for _ in range(2):
        done = _stod(example, "validera")
        assert done.returncode == 0, done.stderr
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    done = _stod(example, "validera")
    assert done.returncode == 1 and "'Aktiv' är inget giltigt värde" in done.stdout, done.stderr
    result = run("rapport", "2025", "--ut", "-")
    assert result.exit_code == 1 and "'Aktiv'" in result.stderr + result.stdout, show(result)


def test_forged_entries_do_not_hide_errors(example):
    """Entries claiming that a file with errors has none, under every key a forger can
    guess without the file's bytes, and in every shape: the errors are still found."""
    run("validera")
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    good = cache.ParseCache(example / "data").key("foretag/hantverkstan.yaml", path.read_bytes())
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    entries = cache.folder_for(example / "data") / cache.ENTRIES
    lines = entries.read_text("utf-8").splitlines()
    head, _, where = next(line for line in lines if line.startswith(good))[41:].partition("\t")
    kept = json.loads(head)
    bad = cache.ParseCache(example / "data").key("foretag/hantverkstan.yaml", path.read_bytes())
    forged = [
        f"{bad} {json.dumps([[], {**kept[1], 'status': 'Aktiv'}])}\t{where}",  # schema says no
        f"{bad} {json.dumps([[], 'inte ett företag'])}\t{where}",
        "x" * 40 + " " + json.dumps([[], kept[1]]) + "\t" + where,
        "\x00\xff" * 30,
    ]
    entries.write_text("\n".join([*lines, *forged]), "utf-8")
    result = run("validera")
    assert result.exit_code == 1, show(result)
    assert "data/foretag/hantverkstan.yaml:7:9: fel: 'Aktiv'" in result.stdout


def test_nothing_is_written_beside_the_data(example):
    assert run("validera").exit_code == 0
    assert run("rapport", "2025", "--ut", "-").exit_code == 0
    assert _stod(example, "validera").returncode == 0
    assert sorted(p.name for p in example.iterdir()) == ["data"]


@pytest.mark.parametrize(
    "where",
    ["[", "null", '{"tree": 1}', '{"tree": [1, 1, [[1e9, "x"]]]}', '{"lines": [-1, 2]}',
     '{"lines": [1], "keys": [["datum"]], "shapes": [], "lengths": [99999999999]}'],
)  # fmt: skip
def test_forged_positions_can_only_move_a_message(example, where):
    """The positions kept for a file are not checked against it (that would take reading it):
    forged ones place its messages at its first line (where the same message once is enough),
    and the run goes on to its end."""
    run("validera")
    entries = cache.folder_for(example / "data") / cache.ENTRIES
    stod = example / "data" / "stod" / "2025.yaml"
    key = cache.ParseCache(example / "data").key("stod/2025.yaml", stod.read_bytes())
    lines = entries.read_text("utf-8").splitlines()
    lines = [f"{ln.partition(chr(9))[0]}\t{where}" if ln.startswith(key) else ln for ln in lines]
    entries.write_text("\n".join(lines), "utf-8")
    (example / "data" / "foretag" / "hantverkstan.yaml").unlink()
    result = run("validera")
    assert result.exit_code == 1, show(result)
    found = [ln for ln in result.stdout.splitlines() if ln.startswith("data/stod/2025.yaml:")]
    assert found == ["data/stod/2025.yaml:1:1: fel: företaget 'hantverkstan' finns inte"], found
    assert "data/stod/2026.yaml:4:32: fel: företaget 'hantverkstan'" in result.stdout
