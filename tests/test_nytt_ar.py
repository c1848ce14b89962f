"""`stod ny ar`: next year's report deadlines proposed from this year's, and the participants
still active carried into next year's file – both written together, or neither."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from stodplattform.newyear import _shifted

from .conftest import EXAMPLE, run, show


@pytest.fixture
def repo(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    (in_tmp / "data" / "ar" / "2027.yaml").unlink()
    return in_tmp


def test_deadlines_a_year_later_and_not_handed_in(repo):
    result = run("ny", "ar", "2027")
    assert result.exit_code == 0, show(result)
    new = yaml.safe_load((repo / "data" / "ar" / "2027.yaml").read_text("utf-8"))
    assert new["rapporter"] == [
        {"typ": "Tertialrapport 1", "senast": dt.date(2027, 4, 30)},
        {"typ": "Tertialrapport 2", "senast": dt.date(2027, 8, 31)},
        {"typ": "Årsrapport", "senast": dt.date(2028, 2, 28)},
    ]
    text = (repo / "data" / "ar" / "2027.yaml").read_text("utf-8")
    assert "Rapportdatumen är förslag" in text


def test_active_participants_carried_with_their_pseudonyms(repo):
    result = run("ny", "ar", "2027")
    assert result.exit_code == 0, show(result)
    before = yaml.safe_load((repo / "data" / "deltagare" / "2026.yaml").read_text("utf-8"))
    active = [d for d in before if "slut" not in d]
    assert len(active) == 14
    after = yaml.safe_load((repo / "data" / "deltagare" / "2027.yaml").read_text("utf-8"))
    assert after == active  # the same particulars, in the same order
    check = run("validera")
    assert check.exit_code == 0 and "deltagare/" not in check.stdout, show(check)
    assert "# 14 pågående deltagare från 2026" in (repo / "data" / "ar" / "2027.yaml").read_text(
        "utf-8"
    )


def test_an_existing_participants_file_keeps_its_bytes_and_nobody_twice(repo):
    path = repo / "data" / "deltagare" / "2027.yaml"
    original = (
        "# redan påbörjad\n"
        "- {id: IS-2025-10, insats: industrisparet, start: 2025-11, kon: kvinna, "
        "aldersgrupp: 25-29, remitterad_av: af, forsorjning_fore: forsorjningsstod, "
        "foretag: hantverkstan}\n"
    )
    path.write_text(original, "utf-8")
    result = run("ny", "ar", "2027")
    assert result.exit_code == 0, show(result)
    text = path.read_text("utf-8")
    assert text.startswith(original)
    assert text.count("IS-2025-10") == 1 and text.count("\n- {id:") == 14  # one there, 13 carried


def test_nothing_is_written_when_a_carried_participant_would_be_wrong(repo):
    """A participant of an effort the new year does not have: neither file is written."""
    people = repo / "data" / "deltagare" / "2026.yaml"
    people.write_text(
        people.read_text("utf-8")
        + "- {id: XY-2026-01, insats: finns-inte, start: 2026-03, kon: man}\n",
        "utf-8",
    )
    result = run("ny", "ar", "2027")
    assert result.exit_code == 1, show(result)
    assert "data/deltagare/2027.yaml" in result.stderr and "finns-inte" in result.stderr
    assert not (repo / "data" / "ar" / "2027.yaml").exists()
    assert not (repo / "data" / "deltagare" / "2027.yaml").exists()


def test_a_leap_day_becomes_the_28th():
    assert _shifted(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
    assert _shifted(dt.date(2026, 4, 30), 2) == dt.date(2028, 4, 30)


def test_the_day_a_reports_figures_are_as_of_moves_with_it(repo):
    """2025's tertial reports are as of the periods' ends (`per`): next year's proposal keeps
    that a year later, so that the protection links next year's reports at the right months."""
    (repo / "data" / "ar" / "2026.yaml").unlink()
    result = run("ny", "ar", "2026")
    assert result.exit_code == 0, show(result)
    new = yaml.safe_load((repo / "data" / "ar" / "2026.yaml").read_text("utf-8"))
    assert new["rapporter"] == [
        {"typ": "Tertialrapport 1", "senast": dt.date(2026, 4, 30), "per": dt.date(2026, 4, 30)},
        {"typ": "Tertialrapport 2", "senast": dt.date(2026, 8, 31), "per": dt.date(2026, 8, 31)},
        {"typ": "Årsrapport", "senast": dt.date(2027, 2, 28)},
    ]
