"""Åren i följd (trend.py): every year up to the report's, recounted from the YAML; the
participants as each year's own report prints them; no later year; "hittills" for a year not
over; a chart only with two years or more; the same rows in the overview and the export."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml

from .conftest import EXAMPLE, copy_base, run, show, write_files


def _recount(year: int, per: dt.date) -> dict:
    """The row of `year` counted by hand from the example data's files."""
    log = EXAMPLE / "stod" / f"{year}.yaml"
    row = {"ar": year, "stodtimmar": None, "foretag_med_stod": None}
    if log.exists():
        posts = [p for p in yaml.safe_load(log.read_text("utf-8")) if p["datum"] <= per]
        row["stodtimmar"] = float(sum(p["timmar"] for p in posts))
        row["foretag_med_stod"] = len({p["foretag"] for p in posts})
    arsfil = yaml.safe_load((EXAMPLE / "ar" / f"{year}.yaml").read_text("utf-8"))
    efforts = arsfil["insatser"]
    granted = [i["beviljat"] for i in efforts if i.get("beviljat") is not None]
    row["beviljat"] = sum(granted) if granted else None
    posts = [p for i in efforts for p in i["budget"]]
    closed = all(p.get("utfall") is not None for p in posts)
    row["utfall"] = sum(p["utfall"] for p in posts) if closed else None
    return row


def _aren(year: int, per: dt.date, folder=EXAMPLE) -> dict:
    from stodplattform.aggregate import year_summary
    from stodplattform.repository import load_data

    return year_summary(load_data(folder), year, per)["aren"]


@pytest.mark.parametrize(
    ("year", "per"),
    [(2025, "2026-01-15"), (2026, "2026-06-30"), (2026, "2027-01-10"), (2027, "2027-03-01")],
)
def test_rows_recounted_from_the_yaml(year, per):
    per = dt.date.fromisoformat(per)
    rows = _aren(year, per)["rader"]
    years = sorted(int(p.stem) for p in (EXAMPLE / "ar").glob("*.yaml"))
    assert [r["ar"] for r in rows] == [y for y in years if y <= year]  # never a later year
    for row in rows:
        want = _recount(row["ar"], per)
        got = {k: row[k] for k in want}
        assert got == want, row["ar"]
        assert row["hittills"] == (per < dt.date(row["ar"], 12, 31))


def test_each_year_as_its_own_report():
    """The participants are each year's protected figures, printed as they are (a number,
    "färre än 5" or "dolt"); everything else as the year's own summary has it."""
    from stodplattform.aggregate import year_summary
    from stodplattform.repository import load_data

    per = dt.date(2027, 1, 10)
    rows = _aren(2026, per)["rader"]
    for row in rows:
        own = year_summary(load_data(EXAMPLE), row["ar"], per)
        s, people = own["sammanfattning"], own["deltagare"]["totalt"]
        has_people = (EXAMPLE / "deltagare" / f"{row['ar']}.yaml").exists()
        assert row["deltagare"] == (people["aktiva"] if has_people else None)
        assert row["arbete_studier"] == (people["arbete_studier"] if has_people else None)
        assert (row["stodtimmar"], row["foretag_med_stod"]) == (
            s["stodtimmar"], s["foretag_med_stod"]
        ) or row["stodtimmar"] is None  # fmt: skip
        assert (row["beviljat"], row["utfall"]) == (s["beviljat"], s["utfall"])
    # 2026: 25, but tertial report 2 printed 23 (August): the two who came after are hidden
    assert [r["deltagare"] for r in rows] == [None, 23, "dolt"]
    assert [r["arbete_studier"] for r in rows] == [None, "dolt", "dolt"]


def test_report_table_and_words(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    result = run("rapport", "2026", "--per", "2026-06-30", "--ut", "-")
    assert result.exit_code == 0, show(result)
    section = result.stdout.split("## Åren i följd")[1].split("\n## ")[0]
    lines = [line for line in section.splitlines() if line.startswith("| 20")]
    assert lines == [
        "| 2024 | 91,5 | 6 | – | – | 380\u00a0000\u00a0kr | 375\u00a0500\u00a0kr |",
        "| 2025 | 130 | 7 | 23 | dolt | 720\u00a0000\u00a0kr | 710\u00a0000\u00a0kr |",
        # 22, but 21 in tertial report 1 (April): the one who came since is not given away
        "| 2026 (hittills) | 64,5 | 7 | dolt | dolt | 720\u00a0000\u00a0kr | ej avslutat |",
    ], section
    assert "Året 2026 är inte slut: siffrorna gäller till och med 30 juni 2026." in section
    assert "”dolt” är fem eller fler" in section and "färre än 5" not in section
    assert "går inte att lägga ihop" in section
    # the section comes right after the summary, before the year's details
    assert result.stdout.index("## Sammanfattning") < result.stdout.index("## Åren i följd")
    assert result.stdout.index("## Åren i följd") < result.stdout.index("## Möten")


def test_a_closed_year_is_not_hittills_and_no_later_year(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    out = run("rapport", "2025", "--per", "2026-01-15", "--ut", "-").stdout
    section = out.split("## Åren i följd")[1].split("\n## ")[0]
    assert "hittills" not in section and "inte slut" not in section
    assert "| 2025 | 130 | 7 | 23 |" in section and "| 2026" not in section


def test_a_small_count_is_printed_as_in_its_year(in_tmp):
    """One participant in 2025: the 2026 report prints "färre än 5" as 2025's report does,
    explains it, and no 1 appears in the participants' columns."""
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            "ar/2026.yaml": """
                ar: 2026
                insatser:
                  - id: stodplattformen
                    namn: Stödplattform för sociala företag
                    sokt: 380000
                    beviljat: 380000
                    budget:
                      - {post: Stödresurs, belopp: 300000, utfall: 290000}
                      - {post: Administration, belopp: 80000, utfall: 79000}
            """,
            "stod/2026.yaml": """
                - {datum: 2026-03-02, foretag: aterbruket, omrade: hr, timmar: 2.25}
            """,
        },
    )
    own = run("rapport", "2025", "--per", "2026-01-15", "--ut", "-")
    assert "| Deltagare i insatserna | färre än 5 |" in own.stdout, show(own)
    result = run("rapport", "2026", "--per", "2027-01-15", "--ut", "-")
    assert result.exit_code == 0, show(result)
    section = result.stdout.split("## Åren i följd")[1].split("\n## ")[0]
    assert "| 2025 | 4,5 | 2 | färre än 5 | färre än 5 | ej beslutat | ej avslutat |" in section
    assert "| 2026 | 2,25 | 1 | – | – | 380\u00a0000\u00a0kr | 369\u00a0000\u00a0kr |" in section
    assert "Tal mellan ett och fyra visas som ”färre än 5”." in section
    for line in section.splitlines():
        if line.startswith("| 20"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            assert not re.fullmatch(r"[1-4]", cells[3]) and not re.fullmatch(r"[1-4]", cells[4])


def test_one_year_only_says_so(in_tmp):
    copy_base(in_tmp)
    out = run("rapport", "2025", "--per", "2026-01-15", "--ut", "rapport.md")
    assert out.exit_code == 0, show(out)
    text = (in_tmp / "rapport.md").read_text("utf-8")
    assert "Datan har bara siffror för 2025." in text
    assert not (in_tmp / "rapport-diagram" / "aren.png").exists()


def _row(year, hours, granted=None, actual=None, hittills=False):
    return {"ar": year, "hittills": hittills, "stodtimmar": hours, "har_budget": True,
            "beviljat": granted, "utfall": actual, "deltagare": "färre än 5",
            "arbete_studier": "dolt"}  # fmt: skip


def test_chart_only_with_two_years(tmp_path):
    from stodplattform.formats.charts import PNG_SIGNATURE, trend_chart

    one = {"rader": [_row(2025, 10.0, 100, 90)], "kan_ritas": False}
    assert trend_chart(one, tmp_path / "en.png") is False
    assert not (tmp_path / "en.png").exists()
    two = {"rader": [_row(2025, 10.0, 100, 90), _row(2026, 12.5, 120, None, True)],
           "kan_ritas": True}  # fmt: skip
    assert trend_chart(two, tmp_path / "tva.png") is True
    assert (tmp_path / "tva.png").read_bytes().startswith(PNG_SIGNATURE)


def test_chart_panels_and_no_participants():
    """Hours above, grant and outcome below; a panel only where two years have its figures;
    the participants (masked words) are never drawn."""
    from stodplattform.formats.charts import WIDTH_IN, _trend_figure

    rows = [_row(2024, None, 100, 90), _row(2025, 10.0, 100, 95), _row(2026, 12.5, 120, None)]
    fig = _trend_figure(rows)
    assert len(fig.axes) == 2 and abs(fig.get_figwidth() - WIDTH_IN) < 1e-9
    hours, money = fig.axes
    assert [round(p.get_height(), 2) for p in hours.patches] == [0, 10.0, 12.5]
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "ej avslutat" in " ".join(texts) and "inga uppgifter" in texts
    assert not any("färre" in t or "dolt" in t for t in texts)
    assert all(t.get_fontsize() >= 8 for ax in fig.axes for t in ax.texts)
    only_money = _trend_figure([_row(2025, None, 100, 90), _row(2026, 5.0, 120, 110)])
    assert len(only_money.axes) == 1 and "Beviljat" in only_money.axes[0].get_title("left")


def test_report_draws_the_chart(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    result = run("rapport", "2025", "--per", "2026-01-15", "--ut", "rapport.md")
    assert result.exit_code == 0, show(result)
    text = (in_tmp / "rapport.md").read_text("utf-8")
    assert "![Stödtimmar, beviljat och utfall per år](rapport-diagram/aren.png)" in text
    assert (in_tmp / "rapport-diagram" / "aren.png").exists()


def test_overview_shows_the_years(in_tmp, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    shutil.copytree(EXAMPLE, in_tmp / "data")
    result = run("oversikt", "2027", "--per", "2027-03-01")
    assert result.exit_code == 0, show(result)
    out = result.stdout
    section = out.split("Åren i följd")[1].split("Mål")[0]
    rows = [line.split() for line in section.splitlines() if re.match(r"\s+20\d\d", line)]
    assert [r[0] for r in rows] == ["2024", "2025", "2026", "2027*"]
    assert rows[0][:5] == ["2024", "91,5", "6", "–", "–"]
    assert rows[1][:5] == ["2025", "130", "7", "23", "dolt"]
    assert rows[3][1:] == ["–", "–", "–", "–", "ej", "beslutat", "ej", "avslutat"]
    assert "*2027 hittills, till och med 1 mars 2027" in section
    assert all(len(line) <= 80 for line in out.splitlines())


def test_export_sheet():
    from stodplattform.export import tables
    from stodplattform.repository import load_data

    sheets = tables(load_data(EXAMPLE), 2026, dt.date(2026, 6, 30))
    frame, formats = sheets["Åren i följd"]
    assert formats == {"Stödtimmar": "#,##0.00", "Beviljat": '#,##0" kr"', "Utfall": '#,##0" kr"'}
    assert frame.values.tolist() == [
        [2024, "helår", 91.5, 6, "–", "–", 380000, 375500],
        [2025, "helår", 130.0, 7, 23, "dolt", 720000, 710000],
        [2026, "hittills, till och med 2026-06-30", 64.5, 7, "dolt", "dolt", 720000, "ej avslutat"],
    ]
