"""Text from the data never becomes a formula in the spreadsheet (xlsx or CSV read by Excel)."""

from __future__ import annotations

import re
import zipfile

import pytest

from ..conftest import copy_base, run, show, write_files

HYPERLINK = '=HYPERLINK("http://x","klick")'
ATTACKS = [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "=1+1", "#N/A"]


@pytest.fixture
def hostile(in_tmp):
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            "foretag/aterbruket.yaml": f"namn: '{HYPERLINK}'\nkommun: Provby\nstatus: aktiv\n",
            "foretag/luddes-hundcenter.yaml": 'namn: "+1+1"\nkommun: Provby\nstatus: aktiv\n',
            "stod/2025.yaml": """\
                - {datum: 2025-01-14, foretag: luddes-hundcenter, omrade: bokforing, timmar: 3, beskrivning: "-2+3"}
                - {datum: 2025-02-03, foretag: aterbruket, omrade: hr, timmar: 1.5, beskrivning: "@SUM(A1)"}
                - {datum: 2025-02-04, foretag: aterbruket, omrade: hr, timmar: 1, beskrivning: "#N/A"}
                """,
            "ar/2025.yaml": """\
                ar: 2025
                insatser:
                  - id: stodplattformen
                    namn: Stödplattform för sociala företag
                    sokt: 380000
                    budget:
                      - {post: "=1+1", belopp: 300000, utfall: 296400}
                      - {post: Administration, belopp: 80000, utfall: 80000}
                """,
        },
    )
    return in_tmp


def test_xlsx_has_no_formula(hostile):
    from openpyxl import load_workbook

    result = run("export", "2025", "--per", "2026-01-10")
    assert result.exit_code == 0, show(result)
    path = hostile / "ut" / "export-2025.xlsx"
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(z.read(n).decode("utf-8") for n in sheets)
    # the only formulas are stod's own sums under the tables: SUM over a range, nothing from data
    assert "<f " not in xml
    formulas = re.findall(r"<f>(.*?)</f>", xml)
    assert formulas and all(re.fullmatch(r"SUM\(([A-Z])\d+:\1\d+\)", f) for f in formulas), formulas
    book = load_workbook(path)
    cells = {
        cell.value: cell.data_type
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    }
    for text in ATTACKS:  # each one is there, as written, and as text
        assert cells.get(text) == "s", (text, cells.get(text))
    assert not [v for v, kind in cells.items() if kind == "e"]
    assert {v for v, kind in cells.items() if kind == "f"} == {f"={f}" for f in formulas}
    budget = book["Budget"]
    (e,) = [c.column_letter for c in budget[1] if c.value == "Avvikelse"]
    deviation = [c.value for c in budget[e][1:]]
    assert deviation == [-3600, 0, f"=SUM({e}2:{e}3)"]  # numbers stay numbers, negative too
    assert budget[f"{e}2"].data_type == "n"
    assert load_workbook(path, data_only=True)["Budget"][f"{e}4"].value == -3600


def test_csv_text_gets_an_apostrophe_numbers_do_not(hostile):
    result = run("export", "2025", "--format", "csv", "--per", "2026-01-10")
    assert result.exit_code == 0, show(result)
    folder = hostile / "ut" / "export-2025"
    log = (folder / "stodlogg.csv").read_text("utf-8-sig")
    assert "'-2+3" in log and "'@SUM(A1)" in log and "'+1+1" in log
    assert '"\'=HYPERLINK(""http://x"",""klick"")"' in log
    budget = (folder / "budget.csv").read_text("utf-8-sig")
    assert "'=1+1;300000;300000;296400;-3600;" in budget  # post, sökt, budget, utfall, avvikelse
    for path in folder.glob("*.csv"):
        for line in path.read_text("utf-8-sig").splitlines():
            for field in line.split(";"):
                field = field.strip('"')
                assert not field.startswith(("=", "+", "@", "\t", "\r")), (path.name, line)
                if field.startswith("-"):
                    float(field.replace(",", "."))  # only numbers may start with a minus


def test_csv_neutraliser_covers_owasp_list():
    from stodplattform.export import inert

    for text in ["=1", "+1", "-1", "@1", "\t=1", "\r=1"]:
        assert inert(text) == "'" + text
    for value in [-3600, -0.5, "Bokföring", "färre än 5", None, "a=1"]:
        assert inert(value) == value
