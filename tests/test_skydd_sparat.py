"""The participant protection's answers kept between runs (rojande.protect_kept): the same
figures give the same answer without the search, and an answer that is not true of the
figures or lets a small count be worked out is never used."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from stodplattform import rojande
from stodplattform.privacy import MASK
from stodplattform.rojande import HIDDEN, Figures

from .conftest import EXAMPLE, run, show


def _figures() -> Figures:
    """Three people and seven in a total of ten: printed as they are, the seven and the ten
    would give the three away, so one of them is hidden."""
    f = Figures()
    small, large = f.add("a", 3), f.add("b", 7)
    f.total("t", [small, large])
    for name, rank in (("a", 10), ("b", 10), ("t", 40)):
        f.show(name, rank, "tabell")
    return f


@pytest.fixture
def kept(tmp_path, monkeypatch):
    monkeypatch.setenv("STOD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("STOD_CACHE", raising=False)
    yield tmp_path / "cache" / rojande.KEPT_FOLDER


def _no_search(monkeypatch):
    def search(figures):
        raise AssertionError("protect searched again")

    monkeypatch.setattr(rojande, "protect", search)


def test_the_same_figures_take_the_kept_answer(kept, monkeypatch):
    first = rojande.protect_kept(_figures())
    assert first.marks["a"] == MASK and HIDDEN in first.marks.values()
    (path,) = kept.glob("*.json")
    if os.name == "posix":
        assert kept.stat().st_mode & 0o777 == 0o700
        assert path.stat().st_mode & 0o777 == 0o600
    # only what the document prints is kept: no hidden true value
    assert json.loads(path.read_text("utf-8"))["marks"] == first.marks
    _no_search(monkeypatch)
    assert rojande.protect_kept(_figures()) == first


@pytest.mark.parametrize(
    "tampered",
    [
        {"a": 3},  # the true number, but 1–4 is never printed
        {"b": 7, "t": 10},  # true numbers that give the three away
        {"b": 6},  # a number that is not true
        {"a": HIDDEN},  # "dolt" is 5 or more
        {"t": MASK},  # "färre än 5" is 1–4
    ],
)
def test_an_answer_that_is_false_or_leaks_is_searched_again(kept, tampered):
    first = rojande.protect_kept(_figures())
    assert {k: first.marks[k] for k in tampered} != tampered  # the file is changed
    (path,) = kept.glob("*.json")
    content = json.loads(path.read_text("utf-8"))
    content["marks"].update(tampered)
    path.write_text(json.dumps(content), "utf-8")
    again = rojande.protect_kept(_figures())
    assert again == first  # searched again: the same answer as the first time


def test_other_figures_do_not_take_the_answer(kept, monkeypatch):
    rojande.protect_kept(_figures())
    other = _figures()
    other.values["b"], other.values["t"] = 8, 11
    _no_search_called = []
    real = rojande.protect
    monkeypatch.setattr(rojande, "protect", lambda f: _no_search_called.append(1) or real(f))
    rojande.protect_kept(other)
    assert _no_search_called == [1]
    assert len(list(kept.glob("*.json"))) == 2


def test_without_the_cache_nothing_is_kept(kept, monkeypatch):
    monkeypatch.setenv("STOD_CACHE", "0")
    rojande.protect_kept(_figures())
    assert not kept.exists()


def test_a_report_made_again_searches_nothing_and_is_the_same(kept, monkeypatch, in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    first = run("rapport", "2025", "--per", "2026-02-15", "--ut", "-")
    assert first.exit_code == 0, show(first)
    # the annual report, its two tertial reports and next year's application: all kept
    assert len(list(kept.glob("*.json"))) >= 4
    _no_search(monkeypatch)
    again = run("rapport", "2025", "--per", "2026-02-15", "--ut", "-")
    assert again.exit_code == 0, show(again)
    assert again.stdout == first.stdout
