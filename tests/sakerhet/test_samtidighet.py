"""`stod ny` run many times at once keeps every row and never gives two people one pseudonym."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import yaml

from ..conftest import copy_base, run, show

PARALLEL = 10


def _stod(folder, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stodplattform", *args, "--data", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "STOD_DATA": ""},
    )


def _all(folder, commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(lambda args: _stod(folder, *args), commands))


def test_fifty_parallel_support_rows_all_land(tmp_path):
    data = copy_base(tmp_path)
    log = data / "stod" / "2025.yaml"
    before = yaml.safe_load(log.read_text("utf-8"))
    commands = [
        ["ny", "stod", f"rad {i}", "--foretag", "aterbruket", "--omrade", "hr",
         "--timmar", "1", "--datum", f"2025-03-{1 + i % 28:02d}"]
        for i in range(50)
    ]  # fmt: skip
    for done in _all(data, commands):
        assert done.returncode == 0, done.stderr
    rows = yaml.safe_load(log.read_text("utf-8"))
    assert len(rows) == len(before) + 50
    assert sorted(r["beskrivning"] for r in rows[len(before) :]) == sorted(
        f"rad {i}" for i in range(50)
    )
    checked = _stod(data, "validera")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_parallel_participants_get_distinct_pseudonyms(tmp_path):
    data = copy_base(tmp_path)
    commands = [
        ["ny", "deltagare", "--insats", "stodplattformen", "--start", "2025-04", "--kon", "man"]
        for _ in range(PARALLEL)
    ]
    for done in _all(data, commands):
        assert done.returncode == 0, done.stderr
    people = yaml.safe_load((data / "deltagare" / "2025.yaml").read_text("utf-8"))
    ids = [p["id"] for p in people]
    assert len(ids) == 1 + PARALLEL and len(set(ids)) == len(ids), ids
    checked = _stod(data, "validera")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_lock_held_too_long_is_a_message(in_tmp, monkeypatch):
    from filelock import FileLock

    from stodplattform import newdata

    data = copy_base(in_tmp)
    before = (data / "stod" / "2025.yaml").read_bytes()
    monkeypatch.setattr(newdata, "LOCK_WAIT", 0.2)
    other = FileLock(str(newdata.lock_path(data)))
    other.acquire()
    try:
        args = ["ny", "stod", "--foretag", "aterbruket", "--omrade", "hr", "--timmar", "1"]
        result = run(*args, "--datum", "2025-03-04")
    finally:
        other.release()
    assert result.exit_code == 1, show(result)
    assert "datamappen är låst av en annan körning av stod (.stod.lock)" in result.stderr
    assert (data / "stod" / "2025.yaml").read_bytes() == before


def test_a_lock_that_cannot_be_made_is_a_message(in_tmp, monkeypatch):
    import filelock

    data = copy_base(in_tmp)

    def refused(self, *args, **kwargs):  # a read-only folder above the data (tests run as root)
        raise PermissionError(13, "Permission denied", str(self.lock_file))

    monkeypatch.setattr(filelock.FileLock, "acquire", refused)
    args = ["ny", "stod", "--foretag", "aterbruket", "--omrade", "hr", "--timmar", "1"]
    result = run(*args, "--datum", "2025-03-04")
    assert result.exit_code == 1, show(result)
    assert "fel: kan inte skriva .stod.lock: du saknar skrivrätt i mappen ." in result.stderr
    assert data.is_dir()


def test_a_lock_file_that_is_a_link_is_named_as_such(in_tmp):
    data = copy_base(in_tmp)
    (in_tmp / ".stod.lock").symlink_to(in_tmp / "finns-inte")
    result = run("ny", "stod", "--data", str(data), "--datum", "2025-03-01",
                 "--foretag", "aterbruket", "--omrade", "hr", "--timmar", "1")  # fmt: skip
    assert result.exit_code == 1, show(result)
    assert "låsfilen" in result.stderr and "är en länk" in result.stderr, show(result)
    assert not (in_tmp / "finns-inte").exists()
