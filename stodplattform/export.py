"""`stod export`: the year's tables for Excel – one workbook (xlsx) or one CSV file per table.

Participants are exported aggregated and masked as in the report, never row by row.

Text from the data is never a formula in Excel: a cell the workbook would store as a formula
(text starting with '=') or an error value ('#N/A') is stored as plain text, and in CSV a text
starting with =, +, -, @, tab or carriage return gets a leading apostrophe (OWASP's advice
against CSV injection). Numbers stay numbers. The only formulas in the workbook are stod's own
sum rows (`SUM` over a range of the same column), written after the data, never from it.
"""

from __future__ import annotations

import datetime as dt
import io
import numbers
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

from . import vocab
from .aggregate import Period, stod_frame, year_summary
from .budget import budget_rows
from .dataset import Data
from .output import Output, write_outputs
from .trend import budget_cells

KR = '#,##0" kr"'
HOURS = "#,##0.00"
PERCENT = "0.0%"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A text Excel would read as a formula, with an apostrophe first; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def tables(data: Data, year: int, per: dt.date) -> dict[str, tuple[pd.DataFrame, dict]]:
    """{sheet name: (table, {column: number format})}."""
    s = year_summary(data, year, per)
    names = {f: data.foretag[f][1].namn for f in data.foretag}
    efforts = {i.id: i.namn for i in data.ar[year][1].insatser} if year in data.ar else {}
    log = stod_frame(data, year, Period(year, per))
    stodlogg = pd.DataFrame(
        {
            "Datum": log["datum"],
            "Företag": log["foretag"].map(lambda f: names.get(f, f)),
            "Område": log["omrade"].map(vocab.OMRADEN),
            "Timmar": log["timmar"].astype(float),
            "Insats": log["insats"].map(lambda i: efforts.get(i, i)),
            "Beskrivning": log["beskrivning"],
        }
    )
    per_foretag = pd.DataFrame(
        [
            {"Företag": f["foretag"], **dict(zip(s["stod"]["omraden"], f["timmar"], strict=True)),
             "Totalt": f["totalt"]}
            for f in s["stod"]["per_foretag"]
        ],
        columns=["Företag", *s["stod"]["omraden"], "Totalt"],  # also with no support yet
    )  # fmt: skip
    meeting_columns = [
        "Datum",
        "Typ",
        "Rubrik",
        "Status",
        "Plats",
        "Närvarande parter",
        "Besökare",  # at events and courses, as the report says: not the participants
    ]
    meetings = [
        [m["datum"], m["typ"], m["rubrik"], status, m["plats"] or "", m["antal_narvarande"],
         m["antal_deltagare"]]
        for status, key in (("Genomfört", "genomforda"), ("Planerat", "planerade"),
                            ("Inställt", "installda"))
        for m in s["moten"][key]
    ]  # fmt: skip
    moten = pd.DataFrame(sorted(meetings, key=lambda m: m[0]), columns=meeting_columns)
    budget = pd.DataFrame(budget_rows(s["budget"]))
    mal = pd.DataFrame(
        [
            {"Mål": m["beskrivning"], "Mått": m["matt"], "Insats": m.get("insats_namn") or "",
             "Målvärde": m["malvarde"], "Utfall": m["utfall"], "Andel av målet": m["andel"],
             "Status": m["status"]}
            for m in s["mal"]
        ],
        columns=["Mål", "Mått", "Insats", "Målvärde", "Utfall", "Andel av målet", "Status"],
    )  # fmt: skip
    rows = [
        {"Insats": d["insats"], "Under året": d["aktiva"], "Nya": d["startade"],
         "Avslutade": d["avslutade"], "Pågår vid periodens slut": d["pagaende"],
         "Till arbete eller studier": d["arbete_studier"]}
        for d in s["deltagare"]["per_insats"]
    ]  # fmt: skip
    deltagare = pd.DataFrame(
        rows,
        columns=["Insats", "Under året", "Nya", "Avslutade", "Pågår vid periodens slut",
                 "Till arbete eller studier"],
    )  # fmt: skip
    totalt = s["deltagare"]["totalt"]
    outcomes = [{"Utfall": u["utfall"], "Deltagare": u["antal"]} for u in totalt["utfall"]]
    if not outcomes and totalt["avslutade"]:  # as the report says it, not an empty sheet
        outcomes = [
            {"Utfall": "Alla utfall (redovisas inte uppdelade: varje enskilt utfall gäller "
                       "färre än fem personer)", "Deltagare": totalt["avslutade"]}
        ]  # fmt: skip
    utfall = pd.DataFrame(outcomes, columns=["Utfall", "Deltagare"])
    grupper = pd.DataFrame(
        [
            {"Grupp": heading, "Kategori": row.get("kon") or row.get("namn"), "Deltagare": row["antal"]}
            for heading, key in (("Kön", "kon"), ("Ålder", "alder"),
                                 ("Försörjning före insatsen", "forsorjning"),
                                 ("Remitterad av", "remitterad"))
            for row in totalt.get(key, [])
        ],
        columns=["Grupp", "Kategori", "Deltagare"],
    )  # fmt: skip
    return {
        "Stödlogg": (stodlogg, {"Timmar": HOURS}),
        "Stöd per företag": (per_foretag, {c: HOURS for c in per_foretag.columns[1:]}),
        "Möten": (moten, {}),
        "Budget": (
            budget,
            {c: KR for c in ("Sökt", "Budget", "Utfall", "Avvikelse")} | {"Avvikelse (%)": PERCENT},
        ),
        "Mål": (mal, {"Andel av målet": PERCENT}),
        "Deltagare": (deltagare, {}),
        "Deltagarnas utfall": (utfall, {}),
        "Deltagarnas grupper": (grupper, {}),
        "Åren i följd": (
            aren_frame(s["aren"]),
            {"Stödtimmar": HOURS, "Beviljat": KR, "Utfall": KR},
        ),
    }


def aren_frame(aren: dict) -> pd.DataFrame:
    """The years side by side as the report's table (trend.py): a missing figure is "–", the
    participants as each year's report prints them (never added up across years)."""
    columns = ["År", "Period", "Stödtimmar", "Företag med stöd", "Deltagare",
               "Till arbete eller studier", "Beviljat", "Utfall"]  # fmt: skip
    rows = []
    for r in aren["rader"]:
        granted, actual = budget_cells(r)
        rows.append(
            [r["ar"], f"hittills, till och med {r['period_slut']:%Y-%m-%d}" if r["hittills"]
             else "helår"]
            + ["–" if r[k] is None else r[k]
               for k in ("stodtimmar", "foretag_med_stod", "deltagare", "arbete_studier")]
            + [granted, actual]
        )  # fmt: skip
    return pd.DataFrame(rows, columns=columns, dtype=object)


DATE = "yyyy-mm-dd"
WIDEST = 60  # a text column is at most this wide and wraps its text
MARGIN = 2  # characters beside the widest text in a column
FILTER_BUTTON = 3  # the header's filter arrow covers about this many characters
BOLD = 1.1  # bold text is about this much wider
PORTRAIT_WIDTH = 95  # column widths that fit across an A4 page standing up
LANDSCAPE_WIDTH = 134  # … and lying down


def shown(value, number_format: str = "General") -> str:
    """The text Excel shows for a value in a cell with this number format (Swedish Excel:
    space between thousands, decimal comma); its length sets the column's width."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return max(value.splitlines() or [""], key=len)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if number_format == KR:
        return f"{round(value):,} kr".replace(",", "\u00a0")
    if number_format == HOURS:
        return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")
    if number_format == PERCENT:
        return f"{value * 100:.1f}%".replace(".", ",")
    return swedish_number(value)


def swedish_number(value) -> str:
    """A number as Swedish Excel reads it: decimal comma, an integer without ',0'."""
    if isinstance(value, numbers.Integral):
        return str(int(value))
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f").replace(".", ",")


def _cell_value(value):
    """A value from a table as openpyxl stores it: numpy numbers as Python numbers, NaN empty."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    return value


def _put(sheet, row: int, column: int, value, number_format: str | None = None):
    """A value from the data in a cell: text is always text, never a formula or an error."""
    cell = sheet.cell(row=row, column=column, value=_cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    if number_format and not isinstance(cell.value, str):
        cell.number_format = number_format
    return cell


def sums(name: str, frame: pd.DataFrame) -> list[tuple[list, dict[str, tuple[int, int]]]]:
    """The sum rows under a sheet's table: [(labels for the first columns, {column: (first
    row, last row) of the rows summed, as positions in the table})]. Only where a sum means
    something: hours and amounts, never masked counts or percentages."""
    n = len(frame)
    if n == 0:
        return []
    if name == "Stödlogg":
        return [(["Summa"], {"Timmar": (0, n - 1)})]
    if name == "Stöd per företag":
        return [(["Summa"], {c: (0, n - 1) for c in frame.columns[1:]})]
    if name == "Budget":
        amounts = ("Sökt", "Budget", "Utfall", "Avvikelse")
        rows = []
        efforts = frame["Insats"].tolist()
        if len(set(efforts)) > 1:
            start = 0
            for i in range(1, n + 1):
                if i == n or efforts[i] != efforts[start]:
                    rows.append(([efforts[start], "Summa"], {c: (start, i - 1) for c in amounts}))
                    start = i
        rows.append((["Summa", "alla insatser"], {c: (0, n - 1) for c in amounts}))
        return rows
    return []


def _sheet(book, name: str, frame: pd.DataFrame, formats: dict, title: str, cached: dict) -> None:
    """One sheet: the table as an Excel table (a header row that is frozen and filters), sum rows
    as formulas under it, widths from the text Excel shows, and a page set up for A4."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    from .suggest import fold

    sheet = book.create_sheet(name)
    columns = list(frame.columns)
    column_formats = {}
    for c in columns:
        if c in formats:
            column_formats[c] = formats[c]
        elif frame[c].map(lambda v: isinstance(v, dt.date)).any():
            column_formats[c] = DATE
    # A header may wrap at its spaces ("Sälj och / marknadsföring"), so that a column of
    # short numbers under a long name stays narrow and a wide sheet prints at a readable size.
    widest = {c: _longest_word(str(c)) * BOLD + FILTER_BUTTON for c in columns}
    values_width = dict.fromkeys(columns, 0.0)  # the cells' text alone, without the header
    bold = Font(name="Calibri", family=2, scheme="minor", size=11, bold=True)
    header = Alignment(wrap_text=True, vertical="bottom")
    for j, c in enumerate(columns, start=1):
        cell = _put(sheet, 1, j, str(c))
        cell.font = bold  # the table style makes it bold too, not all do
        cell.alignment = header
    for i, values in enumerate(frame.itertuples(index=False), start=2):
        for j, (c, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = _put(sheet, i, j, value, column_formats.get(c))
            text = len(shown(cell.value, column_formats.get(c, "General")))
            widest[c] = max(widest[c], text)
            values_width[c] = max(values_width[c], text)
    last = max(len(frame), 1) + 1  # a table has at least one row under its header
    end = get_column_letter(len(columns))
    table = Table(displayName="Tabell_" + fold(name), ref=f"A1:{end}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)

    line = Border(top=Side(style="thin"))
    for k, (labels, ranges) in enumerate(sums(name, frame)):
        r = last + 1 + k
        for j in range(1, len(columns) + 1):
            cell = sheet.cell(row=r, column=j)
            cell.font = bold
            if k == 0:
                cell.border = line
        for j, label in enumerate(labels, start=1):
            _put(sheet, r, j, label)
            widest[columns[j - 1]] = max(widest[columns[j - 1]], len(shown(label)) * BOLD)
            values_width[columns[j - 1]] = max(
                values_width[columns[j - 1]], len(shown(label)) * BOLD
            )
        for c, (first, final) in ranges.items():
            j = columns.index(c) + 1
            letter = get_column_letter(j)
            cell = sheet.cell(
                row=r, column=j, value=f"=SUM({letter}{first + 2}:{letter}{final + 2})"
            )
            cell.number_format = column_formats.get(c, "General")
            total = frame[c].iloc[first : final + 1].astype(float).sum()
            total = round(total, 2) if column_formats.get(c) == HOURS else total
            cached[cell.coordinate] = total
            width = len(shown(total, column_formats.get(c, "General"))) * BOLD
            widest[c] = max(widest[c], width)
            values_width[c] = max(values_width[c], width)

    # a row with wrapped text is taller: every cell at its top; a date to the left, away
    # from the right-aligned number before it
    _stand_headers_up(sheet, columns, column_formats, widest, values_width)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    left = Alignment(horizontal="left", vertical="top")
    total_width = 0.0
    for j, c in enumerate(columns, start=1):
        width = min(WIDEST, widest[c] + MARGIN)
        letter = get_column_letter(j)
        sheet.column_dimensions[letter].width = round(width, 1)
        total_width += width
        alignment = (
            wrap
            if max(widest[c], values_width[c]) + MARGIN > width
            else left
            if column_formats.get(c) == DATE
            else top
        )
        for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
            cell.alignment = alignment
    # neither Excel nor LibreOffice grows a row for wrapped text in a file it opens: each row
    # is set as high as its longest text takes, so that no comment runs into the next row
    for row in sheet.iter_rows(min_row=2, max_row=last):
        lines = max(
            _lines(shown(cell.value), sheet.column_dimensions[cell.column_letter].width, 1.0)
            if cell.alignment.wrap_text and isinstance(cell.value, str)
            else 1
            for cell in row
        )
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = 15 * lines

    if sheet.row_dimensions[1].height is None:  # wrapped names: as many lines as they take
        lines = max(
            _lines(str(c), sheet.column_dimensions[get_column_letter(j)].width - FILTER_BUTTON)
            for j, c in enumerate(columns, start=1)
        )
        if lines > 1:
            sheet.row_dimensions[1].height = 15 * lines
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if total_width > PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.oddHeader.left.text = "&A"
    sheet.oddHeader.right.text = title
    sheet.oddFooter.center.text = "Sida &P av &N"


def _stand_headers_up(sheet, columns, column_formats, widest, values_width) -> None:
    """A sheet too wide to print at a readable size across A4 lying down (many columns of
    short numbers under long names, as hours per support area): the numbers' headers stand
    on end, so each column is as wide as its numbers, and text columns wrap sooner."""
    from openpyxl.styles import Alignment

    numbers = [c for c in columns if column_formats.get(c, DATE) != DATE]
    too_wide = sum(min(WIDEST, w) + MARGIN for w in widest.values()) > LANDSCAPE_WIDTH
    if not too_wide or len(numbers) * 2 <= len(columns):
        return
    standing = Alignment(textRotation=90, wrap_text=True, vertical="bottom", horizontal="center")
    for j, c in enumerate(columns, start=1):
        if c in numbers:
            widest[c] = max(values_width[c], FILTER_BUTTON + 2)
            sheet.cell(row=1, column=j).alignment = standing
    # LibreOffice and Excel do not grow a row for standing text: the row is set as high as
    # the longest name, in points (about 6 for a bold character at 11 pt, and the arrow)
    sheet.row_dimensions[1].height = 6.5 * max(len(str(c)) for c in numbers) + 18


def _lines(text: str, width: float, factor: float = BOLD) -> int:
    """How many lines `text` takes wrapped at its spaces in a column `width` wide, in bold
    (or with the `factor` of another weight)."""
    lines, used = 1, 0.0
    for word in text.split():
        size = len(word) * factor
        if used and used + 1 + size > width:
            lines, used = lines + 1, size
        else:
            used += (1 if used else 0) + size
    return lines


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def om_filen(data: Data, year: int, per: dt.date) -> pd.DataFrame:
    """The workbook's last sheet: what it holds and which data it was made from, with the
    version of stod and of the data as the report's last line has them."""
    from . import __version__
    from .gitinfo import data_version

    version = data_version(data.folder)
    if version is None:
        source = "ligger inte i git"
    elif not version.get("commit"):
        source = "ännu inte incheckade i git"
    else:
        source = f"version {version['commit']} ({version['datum']})"
        source += ", med ej incheckade ändringar" if version.get("andrad") else ""
    rows = [
        ("Plattform", data.plattform.namn),
        ("År", str(year)),  # text: a number in this column would show as a date
        ("Siffrorna gäller till och med", Period(year, per).end),
        ("Gjord med", f"stod {__version__}"),
        ("Data", source),
        ("Deltagare", "Små antal personer visas inte exakt, så att ingen går att räkna fram."),
    ]
    return pd.DataFrame(rows, columns=["Uppgift", "Värde"])


def xlsx(data: Data, year: int, per: dt.date) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    title = f"{year}, till och med {Period(year, per).end:%Y-%m-%d}"  # as 'Om filen' says
    cached: dict[str, dict[str, float]] = {}
    sheets = {**tables(data, year, per), "Om filen": (om_filen(data, year, per), {})}
    for name, (frame, formats) in sheets.items():
        cached[name] = {}
        _sheet(book, name, frame, formats, title, cached[name])
    stamp = dt.datetime(per.year, per.month, per.day)
    book.properties.created = stamp
    book.properties.creator = "stod"
    book.properties.title = f"Export {year}"
    buffer = io.BytesIO()
    book.save(buffer)
    return _dated(buffer.getvalue(), stamp, list(cached.values()))


def _dated(workbook: bytes, stamp: dt.datetime, cached: list[dict[str, float]]) -> bytes:
    """The workbook with the --per date wherever openpyxl writes the time of saving (the
    'modified' property and each zip entry): the same data and --per give the same bytes.
    Each sum's value is stored beside its formula (openpyxl stores none), so that a program
    that shows the stored values – a preview, pandas – sees the sums too."""
    out = io.BytesIO()
    when = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    content,
                )
            sheet = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if sheet and cached[int(sheet[1]) - 1]:
                content = _with_values(content, cached[int(sheet[1]) - 1])
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


def _with_values(xml: bytes, values: dict[str, float]) -> bytes:
    def value(match: re.Match) -> bytes:
        number = values[match[1].decode()]
        text = str(int(number)) if float(number).is_integer() else repr(float(number))
        return match[0][: match.start(4) - match.start(0)] + b"<v>" + text.encode() + b"</v>"

    pattern = rb'<c r="([A-Z]+\d+)"[^>]*>(<f>)(SUM\([A-Z]+\d+:[A-Z]+\d+\))</f>(<v\s*/>|<v></v>)'
    xml, count = re.subn(pattern, value, xml)
    if count != len(values):
        raise AssertionError(f"{count} summor i stället för {len(values)}")
    return xml


def write_xlsx(data: Data, year: int, per: dt.date, out: Path, overwrite: bool) -> list[Path]:
    write_outputs([Output(out, xlsx(data, year, per))], overwrite)
    return [out]


def csv_field(value) -> str:
    """One CSV field for Swedish Excel: numbers with decimal comma (also in a column where some
    cells are text, as 'färre än 5'), an integer without ',0', dates as 2025-03-14, text from
    the data never a formula."""
    value = _cell_value(value)
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return swedish_number(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return inert(str(value))


def csv_text(frame: pd.DataFrame, formats: dict | None = None) -> str:
    """The table as CSV; a share (a PERCENT column) to four decimals, 0,2833 for 28,33 %,
    as the sheet shows it to one decimal of a per cent."""
    import csv

    shares = [i for i, c in enumerate(frame.columns) if (formats or {}).get(c) == PERCENT]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_field(str(c)) for c in frame.columns])
    for values in frame.itertuples(index=False):
        values = [
            round(v, 4) if i in shares and isinstance(_cell_value(v), float) else v
            for i, v in enumerate(values)
        ]
        writer.writerow([csv_field(v) for v in values])
    return out.getvalue()


def write_csv(data: Data, year: int, per: dt.date, folder: Path, overwrite: bool) -> list[Path]:
    """One file per table, as Swedish Excel reads CSV: semicolons, decimal comma, UTF-8 BOM.
    All files are written, or none (each is checked before the first is written)."""
    from .suggest import fold

    outputs = []
    for name, (frame, formats) in tables(data, year, per).items():
        path = folder / f"{fold(name).replace('_', '-')}.csv"
        outputs.append(Output(path, csv_text(frame, formats).encode("utf-8-sig")))
    write_outputs(outputs, overwrite)
    return [o.path for o in outputs]
