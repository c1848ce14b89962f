"""`stod export`: the year's tables for Excel – one workbook (xlsx) or one CSV file per table.

Participants are exported aggregated and masked as in the report, never row by row.

Text from the data is never a formula in Excel: a cell the workbook would store as a formula
(text starting with '=') or an error value ('#N/A') is stored as plain text, and in CSV a text
starting with =, +, -, @, tab or carriage return gets a leading apostrophe (OWASP's advice
against CSV injection). Numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from . import vocab
from .aggregate import Period, stod_frame, year_summary
from .dataset import Data
from .output import Output, write_outputs

KR = '#,##0" kr"'
HOURS = "#,##0.00"
PERCENT = "0.0%"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A text Excel would read as a formula, with an apostrophe first; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_object_dtype(frame[column]) or pd.api.types.is_string_dtype(
            frame[column]
        ):
            frame[column] = frame[column].map(inert)
    return frame


def _plain_text_cells(sheet) -> None:
    """Cells openpyxl took for a formula ('=…') or an error value ('#N/A') become text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type in ("f", "e"):
                cell.data_type = "s"


def tables(data: Data, year: int, per: dt.date) -> dict[str, tuple[pd.DataFrame, dict]]:
    """{sheet name: (table, {column: number format})}."""
    s = year_summary(data, year, per)
    names = {f: data.foretag[f][1].namn for f in data.foretag}
    log = stod_frame(data, year, Period(year, per))
    stodlogg = pd.DataFrame(
        {
            "Datum": log["datum"],
            "Företag": log["foretag"].map(lambda f: names.get(f, f)),
            "Område": log["omrade"].map(vocab.OMRADEN),
            "Timmar": log["timmar"].astype(float),
            "Insats": log["insats"],
            "Beskrivning": log["beskrivning"],
        }
    )
    per_foretag = pd.DataFrame(
        [
            {"Företag": f["foretag"], **dict(zip(s["stod"]["omraden"], f["timmar"], strict=True)),
             "Totalt": f["totalt"]}
            for f in s["stod"]["per_foretag"]
        ]
    )  # fmt: skip
    meeting_columns = [
        "Datum",
        "Typ",
        "Rubrik",
        "Status",
        "Plats",
        "Närvarande parter",
        "Deltagare",
    ]
    meetings = [
        [m["datum"], m["typ"], m["rubrik"], status, m["plats"] or "", m["antal_narvarande"],
         m["antal_deltagare"]]
        for status, key in (("Genomfört", "genomforda"), ("Planerat", "planerade"),
                            ("Inställt", "installda"))
        for m in s["moten"][key]
    ]  # fmt: skip
    moten = pd.DataFrame(sorted(meetings, key=lambda m: m[0]), columns=meeting_columns)
    budget = pd.DataFrame(
        [
            {"Insats": b["namn"], "Post": p["post"], "Budget": p["belopp"], "Utfall": p["utfall"],
             "Avvikelse": p["avvikelse"], "Avvikelse (%)": p["avvikelse_andel"]}
            for b in s["budget"]
            for p in b["poster"]
        ]
    )  # fmt: skip
    mal = pd.DataFrame(
        [
            {"Mål": m["beskrivning"], "Mått": m["matt"], "Målvärde": m["malvarde"],
             "Utfall": m["utfall"], "Status": m["status"]}
            for m in s["mal"]
        ],
        columns=["Mål", "Mått", "Målvärde", "Utfall", "Status"],
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
    utfall = pd.DataFrame(
        [
            {"Utfall": u["utfall"], "Deltagare": u["antal"]}
            for u in s["deltagare"]["totalt"]["utfall"]
        ],
        columns=["Utfall", "Deltagare"],
    )
    return {
        "Stödlogg": (stodlogg, {"Timmar": HOURS}),
        "Stöd per företag": (per_foretag, {c: HOURS for c in per_foretag.columns[1:]}),
        "Möten": (moten, {}),
        "Budget": (budget, {"Budget": KR, "Utfall": KR, "Avvikelse": KR, "Avvikelse (%)": PERCENT}),
        "Mål": (mal, {}),
        "Deltagare": (deltagare, {}),
        "Deltagarnas utfall": (utfall, {}),
    }


def xlsx(data: Data, year: int, per: dt.date) -> bytes:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, (frame, formats) in tables(data, year, per).items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            _plain_text_cells(sheet)
            sheet.freeze_panes = "A2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for i, column in enumerate(frame.columns, start=1):
                values = [str(column)] + [str(v) for v in frame[column].tolist()]
                letter = get_column_letter(i)
                sheet.column_dimensions[letter].width = min(60, max(len(v) for v in values) + 2)
                if column in formats:
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = formats[column]
                elif (
                    pd.api.types.is_object_dtype(frame[column])
                    and frame[column].map(lambda v: isinstance(v, dt.date)).any()
                ):
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = "yyyy-mm-dd"
        stamp = dt.datetime(per.year, per.month, per.day)
        writer.book.properties.created = stamp
        writer.book.properties.creator = "stod"
    return _dated(buffer.getvalue(), stamp)


def _dated(workbook: bytes, stamp: dt.datetime) -> bytes:
    """The workbook with the --per date wherever openpyxl writes the time of saving (the
    'modified' property and each zip entry): the same data and --per give the same bytes."""
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
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


def write_xlsx(data: Data, year: int, per: dt.date, out: Path, overwrite: bool) -> list[Path]:
    write_outputs([Output(out, xlsx(data, year, per))], overwrite)
    return [out]


def write_csv(data: Data, year: int, per: dt.date, folder: Path, overwrite: bool) -> list[Path]:
    """One file per table, as Swedish Excel reads CSV: semicolons, decimal comma, UTF-8 BOM.
    All files are written, or none (each is checked before the first is written)."""
    from .suggest import fold

    outputs = []
    for name, (frame, _) in tables(data, year, per).items():
        path = folder / f"{fold(name).replace('_', '-')}.csv"
        text = _inert_frame(frame).to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
        outputs.append(Output(path, text.encode("utf-8-sig")))
    write_outputs(outputs, overwrite)
    return [o.path for o in outputs]
