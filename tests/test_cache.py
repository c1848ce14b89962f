"""The parse cache: same answers warm and cold, never trusted on a mismatch."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from stodplattform import cache

from .conftest import EXAMPLE, run, show


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def _validate():
    result = run("validera")
    return result.exit_code, result.stdout, result.stderr


def _entries_file(example):
    return cache.folder_for(example / "data") / cache.ENTRIES


def _entries(example) -> dict[str, list]:
    """Each entry's [problems, values] (the positions after the tab: `_positions`)."""
    lines = _entries_file(example).read_text("utf-8").splitlines()
    return {line[:40]: json.loads(line[41:].partition("\t")[0]) for line in lines}


def _positions(example) -> dict[str, str]:
    lines = _entries_file(example).read_text("utf-8").splitlines()
    return {line[:40]: line[41:].partition("\t")[2] for line in lines}


def _key(example, name: str) -> str:
    path = example / "data" / name
    return cache.ParseCache(example / "data").key(name, path.read_bytes())


def _write_entries(example, entries: dict[str, list]) -> None:
    """Write the entries back, each with the positions it has now."""
    positions = _positions(example)
    lines = [
        f"{key} {json.dumps(entry, ensure_ascii=False)}\t{positions[key]}"
        for key, entry in entries.items()
    ]
    _entries_file(example).write_text("\n".join(lines), "utf-8")


def test_warm_run_equals_cold_run(example):
    cold = _validate()
    stored = _entries_file(example)
    assert stored.is_file()
    stamp = stored.stat().st_mtime_ns
    assert _validate() == cold
    assert stored.stat().st_mtime_ns == stamp  # nothing changed: not rewritten
    assert not (example / ".stod-cache").exists()  # nothing beside the data


def test_changed_file_is_read_again(example):
    _validate()
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    code, out, _ = _validate()
    assert code == 1
    assert "data/foretag/hantverkstan.yaml:7:9: fel: 'Aktiv' är inget giltigt värde" in out


def test_an_edit_keeping_size_and_time_is_read_again(example):
    assert _validate()[0] == 0
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    code, out, _ = _validate()
    assert code == 1 and "'Aktiv' är inget giltigt värde" in out, out


def test_cross_file_problem_in_a_cached_file_is_located(example):
    assert _validate()[0] == 0
    (example / "data" / "foretag" / "hantverkstan.yaml").unlink()
    code, out, _ = _validate()  # stod/2025.yaml comes from the cache, with its positions
    assert code == 1, out
    lines = [line for line in out.splitlines() if line.startswith("data/stod/2025.yaml:")]
    assert lines and all("företaget 'hantverkstan' finns inte" in line for line in lines)
    text = (example / "data" / "stod" / "2025.yaml").read_text("utf-8").splitlines()
    for line in lines:
        number, col = (int(x) for x in line.split(":")[1:3])
        assert text[number - 1][col - 1 :].startswith("hantverkstan")


def test_a_removed_file_is_located_from_the_cache_as_cold(example, monkeypatch):
    """Removing a company gives problems in many cached files (meetings, support rows,
    participants): each at the line and column a cold run gives, and no file is parsed."""
    from stodplattform import repository

    parse, parsed = repository.parse, []
    for name in ("luddes-hundcenter", "hantverkstan", "producerande-asf"):
        assert _validate()[0] == 0
        (example / "data" / "foretag" / f"{name}.yaml").unlink()
        monkeypatch.setattr(repository, "parse", lambda s, *a: parsed.append(s) or parse(s, *a))
        warm = _validate()
        monkeypatch.setattr(repository, "parse", parse)
        assert parsed == [], [s.display for s in parsed]
        monkeypatch.setenv("STOD_CACHE", "0")
        assert warm == _validate(), name
        monkeypatch.delenv("STOD_CACHE")
        assert warm[0] == 1 and f"företaget '{name}' finns inte" in warm[1], warm
        shutil.copy(EXAMPLE / "foretag" / f"{name}.yaml", example / "data" / "foretag")


@pytest.mark.parametrize("content", [b"inte en cache", b"\xff\xfe\x00", b"", b"a" * 40 + b" ["])
def test_corrupt_cache_is_rebuilt_silently(example, content):
    cold = _validate()
    _entries_file(example).write_bytes(content)
    assert _validate() == cold
    assert len(_entries(example)) == 47  # every file again, as JSON lines


def test_entries_are_used_as_they_stand_only_under_the_same_code(example, monkeypatch):
    _validate()
    entries = _entries(example)
    key = _key(example, "foretag/hantverkstan.yaml")
    entries[key][0] = [[1, 1, "varning", "från cachen"]]
    _write_entries(example, entries)
    assert "från cachen" in _validate()[1]  # the cache is used…
    monkeypatch.setattr(cache, "code_key", lambda: "en annan version")
    assert "från cachen" not in _validate()[1]  # …but not under another version


@pytest.mark.parametrize(
    "forge",
    [
        lambda entry: [[[1, 1, "fel", "påhittat fel"]], entry[1]],  # a kept file has no errors
        lambda entry: [[["1", 1, "varning", "x"]], entry[1]],  # wrong shape
        lambda entry: [entry[0], {**entry[1], "status": "Aktiv"}],  # fails the schema
        lambda entry: [entry[0], {**entry[1], "okand": "nyckel"}],
        lambda entry: [entry[0], ["en lista"]],
        lambda entry: [entry[0]],
        lambda entry: {"problem": [], "varden": entry[1]},
    ],
)
def test_forged_entries_are_ignored(example, forge):
    cold = _validate()
    entries = _entries(example)
    key = _key(example, "foretag/hantverkstan.yaml")
    entries[key] = forge(entries[key])
    _write_entries(example, entries)
    assert _validate() == cold
    assert _entries(example)[key] == [[], _entries(example)[key][1]]  # written anew


def test_files_with_errors_are_not_cached(example):
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    path.write_text(path.read_text("utf-8").replace("status: aktiv", "status: Aktiv"), "utf-8")
    _validate()
    entries = _entries(example)
    assert _key(example, "foretag/hantverkstan.yaml") not in entries
    assert _key(example, "foretag/vaderbacken.yaml") in entries


def test_entries_of_changed_files_are_let_go(example):
    _validate()
    old = _key(example, "foretag/hantverkstan.yaml")
    path = example / "data" / "foretag" / "hantverkstan.yaml"
    path.write_text(path.read_text("utf-8") + "# ändrad\n", "utf-8")
    _validate()
    entries = _entries(example)
    assert old not in entries and _key(example, "foretag/hantverkstan.yaml") in entries
    assert len(entries) == 47


def test_cache_can_be_turned_off(example, monkeypatch):
    monkeypatch.setenv("STOD_CACHE", "0")
    assert _validate()[0] == 0
    assert not cache.folder_for(example / "data").exists()


def test_documents_are_the_same_from_the_cache(example):
    first = run("rapport", "2025", "--per", "2026-02-15", "--ut", "-")
    assert first.exit_code == 0, show(first)
    again = run("rapport", "2025", "--per", "2026-02-15", "--ut", "-")
    assert again.stdout == first.stdout


def test_unwritable_cache_folder_is_only_slower(example, monkeypatch):
    (example / "en-fil").write_text("en fil, inte en mapp", "utf-8")
    monkeypatch.setenv("STOD_CACHE_DIR", str(example / "en-fil"))
    assert _validate()[0] == 0
    assert _validate()[0] == 0
    assert (example / "en-fil").read_text("utf-8") == "en fil, inte en mapp"


def test_one_folder_per_data_folder(example):
    shutil.copytree(example / "data", example / "annan")
    _validate()
    run("validera", "--data", "annan")
    first, second = cache.folder_for(example / "data"), cache.folder_for(example / "annan")
    assert first != second and first.parent == second.parent
    assert (first / cache.ENTRIES).is_file() and (second / cache.ENTRIES).is_file()
    assert cache.folder_for(example / "data") == cache.folder_for(example / "." / "data")


def test_cached_rows_equal_fresh_rows(example):
    from stodplattform.model import DeltagarRad, StodRad
    from stodplattform.repository import load_data

    fresh = load_data(example / "data", use_cache=False)
    load_data(example / "data")  # fills the cache
    cached = load_data(example / "data")
    assert all(s.released and s.root is None for s in cached.sources)
    for attr, row in (("stod", StodRad), ("deltagare", DeltagarRad)):
        got, want = getattr(cached, attr), getattr(fresh, attr)
        assert got.keys() == want.keys() and got
        for year in want:
            assert got[year][1] == want[year][1]
            assert all(type(r) is row for _, r in got[year][1])
    assert cached.foretag.keys() == fresh.foretag.keys()
    assert all(cached.foretag[k][1] == fresh.foretag[k][1] for k in fresh.foretag)
    assert [m for _, m in cached.moten] == [m for _, m in fresh.moten]
    assert {y: a for y, (_, a) in cached.ar.items()} == {y: a for y, (_, a) in fresh.ar.items()}


def test_cached_files_are_not_parsed_again(example, monkeypatch):
    from stodplattform import repository

    repository.load_data(example / "data")
    parsed = []
    original = repository.parse
    monkeypatch.setattr(repository, "parse", lambda s, *a: parsed.append(s) or original(s, *a))
    repository.load_data(example / "data")
    assert parsed == []
