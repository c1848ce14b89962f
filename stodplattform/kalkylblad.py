"""A sheet as people keep it in Excel, read into rows of cell values: an xlsx workbook
(openpyxl, read-only) or a CSV file as Swedish Excel saves it (semicolons, UTF-8 with or
without a byte-order mark, or Windows-1252; also UTF-16 text with tabs, Excel's "Unicode
text").

Nothing in the file is run: a formula is never computed, only recognised (`Formula`), and a
text that `stod export` guarded against Excel's formulas (a leading apostrophe) gets its own
text back. Excel's date cells come as dates, numbers as numbers, everything else as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .paths import display_path
from .problems import StodError
from .suggest import did_you_mean, fold

MAX_BYTES = 50 * 1024 * 1024  # a sheet file larger than this is not a list of rows to type in
MAX_UNPACKED = 400 * 1024 * 1024  # an xlsx is a zip: what it holds, unpacked
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 16_384  # Excel's own limit (XFD)
MAX_CELLS = 20_000_000  # rows × columns up to each row's last cell: a million rows of twenty
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what export.inert guards with an apostrophe


class Formula(str):
    """A cell holding a formula (its text, never computed)."""


@dataclass
class Sheet:
    """The rows of one sheet: (row number, [cell values from column A on])."""

    label: str  # 'tidrapport.xlsx:Blad1', or 'tidrapport.csv' for a CSV file
    rows: list[tuple[int, list]]


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(path: Path, sheet: str | None = None, prefer: str | None = None) -> Sheet:
    """The sheet `sheet` of a workbook (else the one named `prefer`, else the first), or the
    rows of a CSV file. StodError with a Swedish message for anything that can't be read."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise StodError(
            f"{shown} är i Excels gamla format (.xls); spara den som Excel-arbetsbok (.xlsx) "
            "eller CSV (semikolonavgränsad) och försök igen"
        )
    if suffix in (".ods", ".numbers"):
        raise StodError(f"{shown} läses inte; spara den som Excel-arbetsbok (.xlsx) eller CSV")
    try:
        size = os.stat(path).st_size
        with open(path, "rb") as handle:
            start = handle.read(4)
    except OSError as e:
        from .output import os_error_message

        raise StodError(os_error_message(e, path, "las")) from None
    if not os.path.isfile(path):
        raise StodError(f"{shown} är ingen vanlig fil")
    if size > MAX_BYTES:
        raise StodError(f"{shown} är för stor ({size // (1024 * 1024)} MB) för att läsas in")
    if start.startswith(b"PK") or suffix in (".xlsx", ".xlsm"):
        return _xlsx(path, shown, sheet, prefer)
    if sheet is not None:
        raise StodError(f"{shown} är en CSV-fil och har inga blad; ta bort --blad")
    return _csv(path, shown)


def _xlsx(path: Path, shown: str, name: str | None, prefer: str | None) -> Sheet:
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # openpyxl parses with defusedxml when it is there, unless told not to
        raise StodError(
            f"{shown} läses inte: skyddet mot skadlig XML i arbetsböcker (paketet defusedxml) "
            "saknas eller är avstängt med OPENPYXL_DEFUSEDXML; installera om stod"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise StodError(
            f"{shown} är ingen Excel-arbetsbok (.xlsx) som går att läsa; är den skadad, eller "
            "en annan sorts fil? Spara om den från Excel"
        ) from None
    if unpacked > MAX_UNPACKED:
        raise StodError(f"{shown} är för stor uppackad för att läsas in")
    with open(path, "rb") as handle:  # closed also when openpyxl gives up half-way
        return _read_book(handle, shown, name, prefer)


def _read_book(handle, shown: str, name: str | None, prefer: str | None) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=False)
    except OSError:
        raise
    except Exception as e:  # a broken workbook fails in many ways inside openpyxl
        _refuse_declarations(e, shown)
        raise StodError(
            f"{shown} går inte att läsa som Excel-arbetsbok (.xlsx); spara om den från Excel"
        ) from None
    try:
        sheets = {ws.title: ws for ws in book.worksheets}
        if not sheets:
            raise StodError(f"{shown} har inga blad med celler")
        ws = _choose_sheet(shown, sheets, name, prefer)
        # The sheet's own <dimension> is not trusted: 'A1:XFD1048576' in a tiny file would
        # have every row filled out to 16 384 cells. Each row is as wide as its last cell.
        ws.reset_dimensions()
        rows = []
        budget = _Budget(shown)
        for number, cells in enumerate(ws.iter_rows(min_row=1), start=1):
            if number > MAX_ROWS:
                break
            budget.take(number, len(cells))
            values = [_xlsx_value(c) for c in cells]
            while values and values[-1] is None:
                values.pop()
            if values:
                rows.append((number, values))
        return Sheet(f"{shown}:{ws.title}", rows)
    except StodError:
        raise
    except OSError:
        raise
    except Exception as e:
        _refuse_declarations(e, shown)
        raise StodError(
            f"{shown} går inte att läsa som Excel-arbetsbok (.xlsx); spara om den från Excel"
        ) from None
    finally:
        book.close()


class _Budget:
    """The cells read so far: a row wider than Excel's widest, or more cells in all than a
    sheet of rows to type in has, stops the reading with a message (a small file can claim
    billions of empty cells, and each would take time)."""

    def __init__(self, shown: str):
        self.shown = shown
        self.cells = 0

    def take(self, row: int, width: int) -> None:
        if width > MAX_COLUMNS:
            raise StodError(
                f"{self.shown}:{row}: raden har celler längre ut än kolumn "
                f"{column_letter(MAX_COLUMNS)}, Excels sista; ta bort dem och försök igen"
            )
        self.cells += width
        if self.cells > MAX_CELLS:
            most = f"{MAX_CELLS:_}".replace("_", "\u00a0")  # 20 000 000
            raise StodError(
                f"{self.shown}:{row}: bladet har fler än {most} celler fram till radernas sista "
                "ifyllda cell; ta bort tomma celler längst till höger, eller dela upp bladet"
            )


def _refuse_declarations(error: BaseException, shown: str) -> None:
    """defusedxml's refusal (an entity, a DTD), which openpyxl may wrap in its own error."""
    from defusedxml import DefusedXmlException

    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DefusedXmlException):
            raise StodError(
                f"{shown} innehåller XML-deklarationer (DOCTYPE, ENTITY) som Excel aldrig "
                "skriver och som kan få en läsare att hänga; filen läses inte. Spara om den "
                "från Excel"
            ) from None
        error, seen = error.__cause__ or error.__context__, seen + 1


def _choose_sheet(shown: str, sheets: dict, name: str | None, prefer: str | None):
    if name is None:
        by_fold = {fold(title): ws for title, ws in sheets.items()}
        if prefer is not None and fold(prefer) in by_fold:
            return by_fold[fold(prefer)]
        return next(iter(sheets.values()))
    if name in sheets:
        return sheets[name]
    for title, ws in sheets.items():
        if fold(title) == fold(name):
            return ws
    raise StodError(
        f"{shown} har inget blad '{name}'{did_you_mean(name, list(sheets), listing=False)}; "
        f"bladen heter {', '.join(repr(t) for t in sheets)}"
    )


def _xlsx_value(cell):
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(value))
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("_x000D_", "")
        return value if value.strip() else None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, (dt.date, bool, int, float)):
        return value
    return str(value)  # a time of day, an error value: as text, for a message


def _csv(path: Path, shown: str) -> Sheet:
    raw = path.read_bytes()
    text = _decode(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = next((d for d in (";", "\t", ",") if d in first), ";")
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    budget = _Budget(shown)
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS:
                break
            budget.take(number, len(cells))
            values = [_csv_value(c) for c in cells]
            while values and values[-1] is None:
                values.pop()
            if values:
                rows.append((number, values))
    except csv.Error as e:
        raise StodError(f"{shown}:{reader.line_num}: CSV-filen går inte att läsa ({e})") from None
    return Sheet(shown, rows)


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 as Swedish Excel saves
    'CSV (semikolonavgränsad)'."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _csv_value(text: str):
    text = text.replace("\r\n", "\n")
    if not text.strip():
        return None
    if text.startswith("'") and text[1:2] and text[1] in "".join(FORMULA_START):
        return text[1:]  # guarded by stod export (or by hand) against Excel's formulas
    return text
