"""The parse cache: same answers warm and cold, never trusted on a mismatch."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

from .conftest import EXAMPLE, run, show

CACHE = (".stod-cache", "tolkning.pickle")


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def _validate():
    result = run("validera")
    return result.exit_code, result.stdout, result.stderr


def test_warm_run_equals_cold_run(example):
    cold = _validate()
    cache = example.joinpath(*CACHE)
    assert cache.is_file()
    stamp = cache.stat().st_mtime_ns
    assert _validate() == cold
    assert cache.stat().st_mtime_ns == stamp  # nothing changed: not rewritten


def test_changed_file_is_read_again(example):
    _validate()
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    code, out, _ = _validate()
    assert code == 1
    assert "data/foretag/hantverkstan.yaml:7:9: fel: 'Aktiv' är inget giltigt värde" in out


def test_cross_file_problem_in_a_cached_file_is_located(example):
    assert _validate()[0] == 0
    (example / "data" / "foretag" / "hantverkstan.yaml").unlink()
    code, out, _ = _validate()  # stod/2025.yaml comes from the cache; its lines from disk
    assert code == 1, out
    lines = [line for line in out.splitlines() if line.startswith("data/stod/2025.yaml:")]
    assert lines and all("företaget 'hantverkstan' finns inte" in line for line in lines)
    text = (example / "data" / "stod" / "2025.yaml").read_text("utf-8").splitlines()
    for line in lines:
        number, col = (int(x) for x in line.split(":")[1:3])
        assert text[number - 1][col - 1 :].startswith("hantverkstan")


def test_corrupt_cache_is_rebuilt_silently(example):
    cold = _validate()
    cache = example.joinpath(*CACHE)
    cache.write_bytes(b"inte en cache")
    assert _validate() == cold
    assert pickle.loads(cache.read_bytes())["filer"]


def test_cache_from_other_code_is_not_trusted(example, monkeypatch):
    _validate()
    cache = example.joinpath(*CACHE)
    stored = pickle.loads(cache.read_bytes())
    name = "foretag/hantverkstan.yaml"
    size, mtime, problems, payload = stored["filer"][name]
    stored["filer"][name] = (size, mtime, [(1, 1, "fel", "från cachen")], payload)
    cache.write_bytes(pickle.dumps(stored))
    assert "från cachen" in _validate()[1]  # the cache is used as it stands…
    stored["nyckel"] = "en annan version"
    cache.write_bytes(pickle.dumps(stored))
    assert "från cachen" not in _validate()[1]  # …but not under another version


def test_files_with_errors_are_not_cached(example):
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    _validate()
    stored = pickle.loads(example.joinpath(*CACHE).read_bytes())
    assert "foretag/hantverkstan.yaml" not in stored["filer"]
    assert "foretag/vaderbacken.yaml" in stored["filer"]


def test_cache_can_be_turned_off(example, monkeypatch):
    monkeypatch.setenv("STOD_CACHE", "0")
    assert _validate()[0] == 0
    assert not (example / ".stod-cache").exists()


def test_documents_are_the_same_from_the_cache(example):
    first = run("rapport", "2025", "--per", "2026-02-15", "--ut", "-")
    assert first.exit_code == 0, show(first)
    again = run("rapport", "2025", "--per", "2026-02-15", "--ut", "-")
    assert again.stdout == first.stdout


def test_unwritable_cache_folder_is_only_slower(example):
    (example / ".stod-cache").write_text("en fil, inte en mapp", "utf-8")
    assert _validate()[0] == 0
    assert os.path.isfile(example / ".stod-cache")


def test_cached_rows_equal_fresh_rows(example):
    from stodplattform.model import DeltagarRad, StodRad
    from stodplattform.repository import load_data

    fresh = load_data(example / "data", use_cache=False)
    load_data(example / "data")  # fills the cache
    cached = load_data(example / "data")
    assert all(s.released and s.tree is None for s in cached.sources)  # all from the cache
    for attr, row in (("stod", StodRad), ("deltagare", DeltagarRad)):
        got, want = getattr(cached, attr), getattr(fresh, attr)
        assert got.keys() == want.keys() and got
        for year in want:
            assert got[year][1] == want[year][1]
            assert all(type(r) is row for _, r in got[year][1])


def test_a_file_saved_just_now_is_not_kept_yet(example):
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    path.touch()
    _validate()
    kept = pickle.loads(example.joinpath(*CACHE).read_bytes())["filer"]
    assert "foretag/hantverkstan.yaml" not in kept and "foretag/vaderbacken.yaml" in kept
    past = path.stat().st_mtime - 60
    os.utime(path, (past, past))
    _validate()
    kept = pickle.loads(example.joinpath(*CACHE).read_bytes())["filer"]
    assert "foretag/hantverkstan.yaml" in kept
