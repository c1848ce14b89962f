"""`stod oversikt`: the year at a glance, readable when piped."""

from __future__ import annotations

import shutil

import pytest

from .conftest import EXAMPLE, copy_base, run, show


@pytest.fixture
def example(in_tmp, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")  # the width of a wide terminal, whoever runs the tests
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp / "data"


def test_overview_sections_and_pace(example):
    result = run("oversikt", "--per", "2025-09-30")
    assert result.exit_code == 0, show(result)
    out = result.stdout
    assert "\x1b[" not in out  # no colour codes when not a terminal
    assert all(len(line) <= 100 for line in out.splitlines())
    for part in ("Verksamhetsåret 2025, läget 30 september 2025", "Rapportering till finansiären",
                 "Stödtimmar per företag", "Budget", "Mål", "Data: inga problem."):  # fmt: skip
        assert part in out, part
    # 19 participants, but tertial report 2 printed 17 (August): the two who came in September
    # are not given away, so the count is hidden; the pace is said of the meetings
    assert "utfall dolt, målvärde 20 – pågår" in out
    assert "4 av 6, i fas (takten är 4 till och med" in out
    assert "utfall färre än 5, målvärde 5 – pågår" in out  # never "färre än 5 av 2"
    assert "7 av 6 – uppnått" in out


def test_overdue_report_and_actions(example):
    out = run("oversikt", "2025", "--per", "2026-03-15").stdout
    assert "Årsrapport (2025)" in out and "försenad" in out
    assert "Ta fram underlag om lokaler för industrispåret" in out


def test_warnings_counted(in_tmp):
    data = copy_base(in_tmp)
    (data / "okand.yaml").write_text("a: b\n", encoding="utf-8")
    result = run("oversikt", "2025", "--per", "2025-06-01")
    assert result.exit_code == 0, show(result)
    assert "Data: 1 varning – se 'stod validera'." in result.stdout


def test_errors_stop_the_overview(in_tmp):
    data = copy_base(in_tmp)
    (data / "foretag" / "aterbruket.yaml").write_text(
        "namn: X\nkommun: Y\nstatus: Aktiv\n", "utf-8"
    )
    result = run("oversikt", "2025")
    assert result.exit_code == 1 and "data har 1 fel" in result.stderr


def test_reports_handed_in_after_the_day_are_still_to_hand_in(example):
    """As of 2025-09-30 the 2026 tertial report had not been handed in (it was, in April
    2026): the overview and the report show the state of that day (found by a reader)."""
    out = run("oversikt", "2025", "--per", "2025-09-30").stdout
    assert "Tertialrapport 1 (2026)" in out
    report = run("rapport", "2025", "--per", "2025-06-01", "--ut", "-").stdout
    assert "| Tertialrapport 2 | 2025-08-31 | – | kommande |" in report
