"""`stod export` as Excel shows it: widths from the formatted text, number formats, sum rows
recounted from the YAML, an Excel table per sheet, A4 print setup; CSV read as Swedish numbers.

The texts Excel shows are worked out here on their own (not with export.shown), the way
Swedish Excel writes them: a space between thousands, a decimal comma."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import defaultdict

import pandas as pd
import pytest
import yaml

from stodplattform import vocab

from .conftest import EXAMPLE, run, show

KR = '#,##0" kr"'
HOURS = "#,##0.00"
SUM_SHEETS = {"Stödlogg", "Stöd per företag", "Budget"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The example's xlsx and CSV, made once for the module's tests."""
    root = tmp_path_factory.mktemp("export")
    shutil.copytree(EXAMPLE, root / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("STOD_DATA", raising=False)
        for args in ([], ["--format", "csv"]):
            result = run("export", "2025", *args, "--per", "2026-02-15")
            assert result.exit_code == 0, show(result)
    return root / "ut"


@pytest.fixture(scope="module")
def book(exported):
    from openpyxl import load_workbook

    return load_workbook(exported / "export-2025.xlsx")


@pytest.fixture(scope="module")
def values(exported):
    from openpyxl import load_workbook

    return load_workbook(exported / "export-2025.xlsx", data_only=True)


def text_shown(value, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d")
    if number_format == KR:
        return f"{value:,.0f} kr".replace(",", " ")
    if number_format == HOURS:
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if number_format == "0.0%":
        return f"{value * 100:.1f}%".replace(".", ",")
    return str(value).replace(".", ",")


def table_of(sheet):
    assert len(sheet.tables) == 1, sheet.title
    return next(iter(sheet.tables.values()))


def test_widths_hold_the_text_excel_shows(book, values):
    """Every cell's text fits its column (a column capped at 60 wraps, and then its longest
    word fits); the header has room for its filter arrow. Today: '300 000 kr' in width 8."""
    from openpyxl.utils import get_column_letter

    for sheet in book.worksheets:
        shown_values = values[sheet.title]
        for column in sheet.iter_cols():
            letter = get_column_letter(column[0].column)
            width = sheet.column_dimensions[letter].width
            header = column[0].value
            assert column[0].alignment.wrap_text, (sheet.title, header)  # wraps at its spaces
            longest = max(len(word) for word in header.split())
            if column[0].alignment.textRotation != 90:  # a standing header needs no width
                assert width >= longest + 3, (sheet.title, header, width)
            for cell in column[1:]:
                value = shown_values[cell.coordinate].value
                text = text_shown(value, cell.number_format)
                if cell.alignment.wrap_text:
                    assert width <= 60
                    text = max(text.split() or [""], key=len)
                assert width >= len(text) + 1, (sheet.title, cell.coordinate, text, width)


def test_a_row_of_wrapped_text_is_as_high_as_its_lines(book, values):
    """A comment wrapped over three lines in a column 60 wide: its row is set three lines
    high (15 points a line), since neither Excel nor LibreOffice grows it on opening – the
    lines would run into the next row. A row without wrapped text keeps the default."""
    import textwrap

    sheet = book["Budget"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("Kommentar") + 1
    width = sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width
    seen = 0
    for row in range(2, sheet.max_row + 1):
        text = values["Budget"].cell(row=row, column=column).value
        height = sheet.row_dimensions[row].height
        if text and len(textwrap.wrap(text, int(width))) > 1:
            assert height is not None and height >= 15 * len(textwrap.wrap(text, int(width))), (
                row, text, height)  # fmt: skip
            seen += 1
        elif not text:
            assert height is None, (row, height)
    assert seen >= 2


def test_number_formats(book):
    def formats(sheet, name):
        header = [c.value for c in sheet[1]]
        column = header.index(name) + 1
        return {
            row[0].number_format
            for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column)
            if row[0].value is not None and not isinstance(row[0].value, str)
        }

    for name in ("Budget", "Utfall", "Avvikelse"):
        assert formats(book["Budget"], name) == {KR}, name
    assert formats(book["Budget"], "Avvikelse (%)") == {"0.0%"}
    assert formats(book["Stödlogg"], "Timmar") == {HOURS}
    assert formats(book["Stödlogg"], "Datum") == {"yyyy-mm-dd"}
    assert formats(book["Möten"], "Datum") == {"yyyy-mm-dd"}
    for area in [c.value for c in book["Stöd per företag"][1]][1:]:
        assert formats(book["Stöd per företag"], area) == {HOURS}, area


def sum_rows(sheet):
    """The rows under the sheet's table: {first two cells: {header: cell}}."""
    from openpyxl.utils import range_boundaries

    _, _, _, last = range_boundaries(table_of(sheet).ref)
    header = [c.value for c in sheet[1]]
    return {
        (row[0].value, row[1].value): dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=last + 1)
    }


def test_sums_recounted_from_the_yaml(book, values):
    stod = yaml.safe_load((EXAMPLE / "stod" / "2025.yaml").read_text("utf-8"))
    year = yaml.safe_load((EXAMPLE / "ar" / "2025.yaml").read_text("utf-8"))
    hours = sum(float(p["timmar"]) for p in stod)
    per_area = defaultdict(float)
    for p in stod:
        per_area[vocab.OMRADEN[p["omrade"]]] += float(p["timmar"])

    log = sum_rows(values["Stödlogg"])
    assert list(log) == [("Summa", None)]
    assert log["Summa", None]["Timmar"].value == pytest.approx(hours)

    (row,) = sum_rows(values["Stöd per företag"]).values()
    assert row["Företag"].value == "Summa"
    assert row["Totalt"].value == pytest.approx(hours)
    assert set(row) - {"Företag", "Totalt"} == set(per_area)
    for area in per_area:
        assert row[area].value == pytest.approx(per_area[area]), area

    budget = sum_rows(values["Budget"])
    efforts = year["insatser"]
    assert list(budget) == [(e["namn"], "Summa") for e in efforts] + [("Summa", "alla insatser")]
    for e in efforts:
        row = budget[e["namn"], "Summa"]
        planned = sum(p["belopp"] for p in e["budget"])
        spent = sum(p["utfall"] for p in e["budget"])
        assert (row["Budget"].value, row["Utfall"].value) == (planned, spent)
        assert row["Avvikelse"].value == spent - planned
        assert row["Avvikelse (%)"].value is None  # no sum of percentages
    total = budget["Summa", "alla insatser"]
    assert total["Budget"].value == sum(p["belopp"] for e in efforts for p in e["budget"])
    assert total["Utfall"].value == sum(p["utfall"] for e in efforts for p in e["budget"])

    for name in ("Möten", "Mål", "Deltagare", "Deltagarnas utfall"):  # counts, masked counts
        assert sum_rows(book[name]) == {}, name


def test_sums_are_formulas_over_the_table_and_bold(book, values):
    """Excel recounts a sum when a row is changed; the value is stored too (for previews and
    pandas). Formulas are stod's own: SUM over a range in the same column, nothing else."""
    from openpyxl.utils import range_boundaries

    for name in SUM_SHEETS:
        sheet = book[name]
        _, _, _, last = range_boundaries(table_of(sheet).ref)
        for row in sum_rows(sheet).values():
            assert all(cell.font.b for cell in row.values()), name
            for cell in row.values():
                if cell.data_type != "f":
                    continue
                letter = cell.column_letter
                match = re.fullmatch(rf"=SUM\({letter}(\d+):{letter}(\d+)\)", cell.value)
                assert match, (name, cell.coordinate, cell.value)
                first, final = int(match[1]), int(match[2])
                assert 2 <= first <= final <= last
                column = [sheet[f"{letter}{r}"].value for r in range(first, final + 1)]
                assert values[name][cell.coordinate].value == pytest.approx(sum(column))


def test_a_table_per_sheet_frozen_and_filterable(book):
    names = set()
    for sheet in book.worksheets:
        table = table_of(sheet)
        names.add(table.displayName)
        header = [c.value for c in sheet[1]]
        rows = sum(1 for _ in sheet.iter_rows(min_row=2)) - len(sum_rows(sheet))
        end = sheet.cell(row=1, column=len(header)).column_letter
        assert table.ref == f"A1:{end}{max(rows, 1) + 1}", sheet.title
        assert table.autoFilter is not None and table.autoFilter.ref == table.ref
        assert [c.name for c in table.tableColumns] == header
        assert table.tableStyleInfo.name
        assert sheet.freeze_panes == "A2"
    assert len(names) == len(book.worksheets)


def test_print_setup(book):
    """A4, one page wide, the header row on every page, landscape where the columns are wide."""
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == 9, sheet.title  # A4
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        width = sum(sheet.column_dimensions[c[0].column_letter].width for c in sheet.iter_cols())
        wide = width > 95
        assert setup.orientation == ("landscape" if wide else "portrait"), (sheet.title, width)
        # printed at least at 60 % of its size: A4 across takes about 95 characters standing
        # up and 134 lying down (before: "Stöd per företag" at under half)
        assert min(1, (134 if wide else 95) / width) >= 0.6, (sheet.title, width)
    assert book["Stödlogg"].page_setup.orientation == "landscape"
    assert book["Deltagarnas utfall"].page_setup.orientation == "portrait"


SWEDISH_NUMBER = re.compile(r"-?\d+(,\d+)?")


def test_csv_swedish_numbers_everywhere(exported):
    """Every number is as Swedish Excel reads it: decimal comma, no '.', an integer without ',0'.
    BOM, semicolons and CRLF stay."""
    import csv

    folder = exported / "export-2025"
    numbers = 0
    for path in sorted(folder.glob("*.csv")):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw, path.name
        rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
        assert len({len(r) for r in rows}) == 1, path.name
        for row in rows[1:]:
            for field in row:
                assert not re.fullmatch(r"-?\d*\.\d+(e-?\d+)?", field), (path.name, field)
                if re.fullmatch(r"-?[\d.,]+", field) and not re.fullmatch(
                    r"\d{4}-\d\d-\d\d", field
                ):
                    assert SWEDISH_NUMBER.fullmatch(field), (path.name, field)
                    assert not re.fullmatch(r"-?\d+,0+", field), (path.name, field)
                    numbers += 1
    assert numbers > 150
    log = pd.read_csv(folder / "stodlogg.csv", sep=";", decimal=",", encoding="utf-8-sig")
    stod = yaml.safe_load((EXAMPLE / "stod" / "2025.yaml").read_text("utf-8"))
    assert log["Timmar"].sum() == pytest.approx(sum(float(p["timmar"]) for p in stod))
    goals = (folder / "mal.csv").read_text("utf-8-sig")
    assert ";20;23;1,15;uppnått" in goals  # an integer outcome, not 23,0; a share to 4 decimals
    budget = (folder / "budget.csv").read_text("utf-8-sig")
    assert ";-0,2833;" in budget and "0,28333" not in budget


def test_csv_a_masked_cell_leaves_the_numbers_swedish():
    """A column with 'färre än 5' in it holds objects, where pandas' decimal=',' does nothing."""
    from stodplattform.export import csv_text

    frame = pd.DataFrame(
        {"Mått": ["Timmar", "Deltagare", "Andel"], "Utfall": [31.5, "färre än 5", 3.0],
         "Andel": [-0.2833333333333333, 1e-05, None]}
    )  # fmt: skip
    assert csv_text(frame).splitlines() == [
        "Mått;Utfall;Andel",
        "Timmar;31,5;-0,2833333333333333",
        "Deltagare;färre än 5;0,00001",
        "Andel;3;",
    ]
