"""The helper process for a big first read: the same data and problems as reading alone."""

from __future__ import annotations

import shutil

import pytest

from stodplattform import helper, loader, repository
from stodplattform.repository import VALIDATORS, _files_to_read, _read, load_data

from .conftest import EXAMPLE


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp / "data"


def _summary(data):
    return (
        [str(p) for p in data.problems],
        sorted(data.foretag),
        [(s.display, m) for s, m in data.moten],
        {y: rows for y, (_, rows) in data.stod.items()},
        {y: rows for y, (_, rows) in data.deltagare.items()},
        {y: ar for y, (_, ar) in data.ar.items()},
    )


def _started(monkeypatch) -> list:
    started = []
    original = helper.start

    def start(*args):
        found = original(*args)
        started.append(found)
        return found

    monkeypatch.setattr(helper, "MIN_WORK", 0.0)
    monkeypatch.setattr(helper, "start", start)
    return started


def test_reading_with_a_helper_equals_reading_alone(example, monkeypatch):
    alone = load_data(example, use_cache=False)
    started = _started(monkeypatch)
    parsed_here = []

    def load(path, *args, **kwargs):
        parsed_here.append(path.parent.name)
        return loader.load(path, *args, **kwargs)

    monkeypatch.setattr(repository, "load", load)
    together = load_data(example)
    assert started and started[0] is not None and started[0].pid is None  # it ran and ended
    assert _summary(together) == _summary(alone)
    assert "foretag" in parsed_here and "deltagare" not in parsed_here  # the helper's share


def test_problems_in_the_helpers_files_are_located(example, monkeypatch):
    stod = example / "stod" / "2025.yaml"
    stod.write_text(
        stod.read_text("utf-8").replace("timmar: 3,", "timmar: tre,", 1), encoding="utf-8"
    )
    deltagare = example / "deltagare" / "2025.yaml"
    deltagare.write_text(
        deltagare.read_text("utf-8").replace("kon: kvinna", "kon: Kvinna", 1), encoding="utf-8"
    )
    alone = load_data(example, use_cache=False)
    _started(monkeypatch)
    together = load_data(example)
    assert [str(p) for p in together.problems] == [str(p) for p in alone.problems]
    assert any("'timmar'" in p.message and p.line > 2 for p in together.problems)


def test_a_failing_helper_only_means_reading_alone(example, monkeypatch):
    alone = load_data(example, use_cache=False)
    monkeypatch.setattr(helper, "MIN_WORK", 0.0)
    original = helper.start

    def broken(data, files, read, validators):
        def fails(*args):
            raise RuntimeError("trasig hjälpare")

        return original(data, files, fails, validators)

    monkeypatch.setattr(helper, "start", broken)
    together = load_data(example)
    assert _summary(together) == _summary(alone)


def test_small_work_gets_no_helper(example):
    from stodplattform.cache import ParseCache

    class Data:
        folder = example
        cache = ParseCache(example)

    assert helper.start(Data, _files_to_read(example), _read, VALIDATORS) is None


def test_no_helper_outside_linux(example, monkeypatch):
    from stodplattform.cache import ParseCache

    class Data:
        folder = example
        cache = ParseCache(example)

    monkeypatch.setattr(helper, "MIN_WORK", 0.0)
    monkeypatch.setattr(helper.sys, "platform", "darwin")
    assert helper.start(Data, _files_to_read(example), _read, VALIDATORS) is None
