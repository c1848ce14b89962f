"""`stod export`: tables for Excel, read back with pandas; participants only aggregated."""

from __future__ import annotations

import re
import shutil
import zipfile

import pandas as pd
import pytest
import yaml

from .conftest import EXAMPLE, copy_base, run, show, write_files


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def test_xlsx_read_back(example):
    result = run("export", "2025", "--per", "2026-02-15")
    assert result.exit_code == 0, show(result)
    path = example / "ut" / "export-2025.xlsx"
    from openpyxl import load_workbook
    from openpyxl.utils import range_boundaries

    book = load_workbook(path)
    sheets = {  # the rows of each sheet's table; the sum rows under it are not data
        name: frame.iloc[: range_boundaries(next(iter(book[name].tables.values())).ref)[3] - 1]
        for name, frame in pd.read_excel(path, sheet_name=None).items()
    }
    assert list(sheets) == ["Stödlogg", "Stöd per företag", "Möten", "Budget", "Mål", "Deltagare",
                            "Deltagarnas utfall", "Deltagarnas grupper", "Åren i följd",
                            "Om filen"]  # fmt: skip
    stod = yaml.safe_load((EXAMPLE / "stod" / "2025.yaml").read_text("utf-8"))
    assert sheets["Stödlogg"]["Timmar"].sum() == pytest.approx(
        sum(float(p["timmar"]) for p in stod)
    )
    assert sheets["Stöd per företag"]["Totalt"].sum() == pytest.approx(
        sheets["Stödlogg"]["Timmar"].sum()
    )
    assert sheets["Budget"]["Budget"].sum() == 720000
    # words a reader of the report knows, not the data's codes
    ar = yaml.safe_load((EXAMPLE / "ar" / "2025.yaml").read_text("utf-8"))
    assert set(sheets["Stödlogg"]["Insats"]) == {i["namn"] for i in ar["insatser"]}
    assert "Besökare" in sheets["Möten"].columns and "Deltagare" not in sheets["Möten"].columns
    # every outcome concerns fewer than five: one row says so, with the count that ended
    ended = sheets["Deltagare"]["Avslutade"].sum()
    assert sheets["Deltagarnas utfall"].values.tolist() == [
        ["Alla utfall (redovisas inte uppdelade: varje enskilt utfall gäller färre än fem "
         "personer)", ended]
    ]  # fmt: skip
    # the page header gives the period the figures cover, as the sheet 'Om filen' does
    assert book["Budget"].oddHeader.right.text == "2025, till och med 2025-12-31"
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert not re.search(r"IS-20\d\d-\d\d", xml)  # never participant rows
    budget = book["Budget"]
    header = [cell.value for cell in budget[1]]
    for name in ("Budget", "Utfall", "Avvikelse"):  # amounts shown as '300 000 kr' in Excel
        column = header.index(name) + 1
        formats = {row[0].number_format for row in budget.iter_rows(min_row=2, min_col=column,
                                                                     max_col=column)}  # fmt: skip
        assert formats == {'#,##0" kr"'}, (name, formats)


def test_csv_read_back(example):
    result = run("export", "2025", "--format", "csv", "--per", "2026-02-15")
    assert result.exit_code == 0, show(result)
    folder = example / "ut" / "export-2025"
    log = pd.read_csv(folder / "stodlogg.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert list(log.columns) == ["Datum", "Företag", "Område", "Timmar", "Insats", "Beskrivning"]
    assert "Återvinningsbutiken" in set(log["Företag"])
    assert log["Timmar"].dtype == float
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(
        ["stodlogg.csv", "stod-per-foretag.csv", "moten.csv", "budget.csv", "mal.csv",
         "deltagare.csv", "deltagarnas-utfall.csv", "deltagarnas-grupper.csv", "aren-i-foljd.csv"]
    )  # fmt: skip


def test_small_counts_masked_in_export(in_tmp):
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            "deltagare/2025.yaml": "- {id: IS-2025-01, insats: stodplattformen, start: 2025-03, kon: man}\n"
        },
    )
    result = run("export", "2025", "--format", "csv", "--per", "2026-01-10")
    assert result.exit_code == 0, show(result)
    text = (in_tmp / "ut" / "export-2025" / "deltagare.csv").read_text("utf-8-sig")
    assert "färre än 5" in text and ";1;" not in text


def test_export_overwrite_protection(example):
    assert run("export", "2025").exit_code == 0
    assert run("export", "2025").exit_code == 0
    path = example / "ut" / "export-2025.xlsx"
    path.write_bytes(path.read_bytes() + b"x")
    result = run("export", "2025")
    assert result.exit_code == 1 and "--skriv-over" in result.stderr


def test_export_before_any_support_is_logged(example):
    """On New Year's Day the year has no support rows yet: the workbook is written with empty
    tables (found by a review: a ValueError)."""
    for fmt in ("xlsx", "csv"):
        result = run("export", "2026", "--per", "2026-01-01", "--format", fmt)
        assert result.exit_code == 0, show(result)
    from openpyxl import load_workbook

    book = load_workbook(example / "ut" / "export-2026.xlsx")
    assert [c.value for c in book["Stöd per företag"][1]] == ["Företag", "Totalt"]
