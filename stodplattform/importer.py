"""`stod import stod|deltagare FIL`: rows from an Excel sheet or a CSV file into the year's
log, checked by the rules of `stod validera`, appended all or none.

The sheet's columns are the fields, with headers and values as people write them ("Företag",
"Område: Bokföring", "Timmar: 2,5", dates as Excel dates or text); names and labels are turned
into ids and codes (`values`). Each row becomes a line as `stod ny` writes
it, the lines are appended to the year's files in memory and the whole data folder is loaded
with them (`repository.load_data(overrides=…)`), so one rulebook decides; a problem on a new
line is told at its row and column in the sheet (`tidrapport.xlsx:Blad1:12:C: fel: …`).
A row that says exactly what a row of the log already says is not added twice: it is skipped
and reported, so that what `stod export` wrote can be read back.

Participants are sensitive: their sheet may only have the columns of the closed schema, a
personnummer anywhere in it stops the import, and no message repeats what a cell held.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from . import model
from .andra import deltagare_header
from .dataset import Data
from .dubbletter import default_insats, stod_key
from .importrader import Finding, Line, Result, Row, at_row, first_line, line_of
from .kalkylblad import Formula, Sheet, column_letter
from .newdata import default_prefix, locked, next_pseudonym
from .paths import display_path
from .privacy import find_identity_numbers
from .problems import FEL
from .repository import load_data
from .textedit import append_lines, new_problems
from .values import Invalid, convert, header_field, key

FIELDS = {  # in the order `stod ny` writes them; no `extra` (notes are not imported)
    "stod": [f for f in model.Stodpost.model_fields if f != "extra"],
    "deltagare": list(model.Deltagare.model_fields),
}
REQUIRED = {
    "stod": ("datum", "foretag", "omrade", "timmar"),
    "deltagare": ("insats", "start", "kon"),
}
SHOWN = {  # the columns' names in messages
    "datum": "Datum", "foretag": "Företag", "omrade": "Område", "timmar": "Timmar",
    "beskrivning": "Beskrivning", "insats": "Insats", "id": "Id (pseudonym)", "start": "Start",
    "slut": "Slut", "kon": "Kön", "aldersgrupp": "Åldersgrupp", "remitterad_av": "Remitterad av",
    "forsorjning_fore": "Försörjning före", "utfall": "Utfall",
}  # fmt: skip
SUM_LABELS = ("summa", "totalt", "total", "summering")


def import_rows(
    folder: Path,
    kind: str,
    sheet: Sheet,
    dry_run: bool = False,
    year: int | None = None,
    prefix: str | None = None,
) -> Result:
    result = Result()
    findings: list[Finding] = []
    header = _header(sheet, kind, findings)
    with locked(folder):
        data = load_data(folder)
        rows = _rows(sheet, kind, header, data, year, findings, result) if header else []
        if kind == "deltagare":
            rows = _pseudonyms(data, rows, prefix, sheet, findings, result)
        else:
            rows = _new_support(data, rows, result)
        texts, lines = _texts(folder, kind, rows, result)
        if texts:
            errors, warnings = new_problems(folder, texts, data)
            findings_from = [at_row(p, sheet, lines) for p in errors + warnings]
            findings.extend(f for f in findings_from if isinstance(f, Finding))
            result.problems.extend(f for f in findings_from if not isinstance(f, Finding))
        result.problems = sorted(findings, key=Finding.sort_key) + result.problems
        if not result.errors and texts and not dry_run:
            from .output import write_files

            write_files([(path, text.encode("utf-8")) for path, text in texts.items()])
            result.written = True
    return result


# -- the header and the rows --------------------------------------------------------------------


def _header(sheet: Sheet, kind: str, findings: list[Finding]) -> tuple[int, dict, set] | None:
    """The header row (the first of the first twenty rows that names two of the fields),
    {column index: field} and the columns that have a header at all; problems with it as
    findings."""
    fields = FIELDS[kind]
    for number, values in sheet.rows[:20]:  # noqa: B007 - the header row is used below
        known = [header_field(v, fields) for v in values if isinstance(v, str)]
        if sum(1 for k in known if k) >= 2:
            break
    else:
        findings.append(
            Finding(
                sheet.label, 1, "", FEL,
                "hittar ingen rubrikrad; första raden ska ha kolumnernas namn, t.ex. "
                + ", ".join(SHOWN[f] for f in REQUIRED[kind]),
            )
        )  # fmt: skip
        return None
    columns: dict[int, str] = {}
    seen: dict[str, str] = {}
    for j, value in enumerate(values):
        letter = column_letter(j + 1)
        if value is None:
            continue
        name = header_field(value, fields) if isinstance(value, str) else None
        if name is None:
            findings.append(Finding(sheet.label, number, letter, FEL, _unknown_column(value, kind)))
        elif name in seen:
            findings.append(
                Finding(
                    sheet.label, number, letter, FEL,
                    f"kolumnen {SHOWN[name]} finns redan (kolumn {seen[name]})",
                )
            )  # fmt: skip
        else:
            seen[name] = letter
            columns[j] = name
    missing = [SHOWN[f] for f in REQUIRED[kind] if f not in seen]
    if missing:
        findings.append(
            Finding(sheet.label, number, "", FEL, "kolumnen saknas: " + ", ".join(missing))
        )
    named = {j for j, value in enumerate(values) if value is not None}
    return number, columns, named


# Headings of columns that do not belong in a participants' sheet, safe to repeat in a message;
# any other heading (a person's name, say) is not repeated.
_PERSONAL_HEADINGS = {
    "personnummer", "samordningsnummer", "pnr", "namn", "fornamn", "efternamn", "fullstandigt_namn",
    "telefon", "telefonnummer", "mobil", "adress", "postadress", "e_post", "epost", "mejl",
    "fodelsedatum", "fodd", "kommentar", "kommentarer", "anteckning", "anteckningar",
    "beskrivning", "notering", "ovrigt", "diagnos", "handlaggare",
}  # fmt: skip


def _unknown_column(value, kind: str) -> str:
    from .suggest import did_you_mean

    text = str(value).strip()
    shown = [SHOWN[f] for f in FIELDS[kind]]
    if kind == "deltagare":  # the heading is a cell too: only a known word is repeated
        named = f" '{text}'" if key(text) in _PERSONAL_HEADINGS else ""
        return (
            f"kolumnen{named} hör inte till deltagarna; de har bara pseudonym, insats, "
            "månader och koder (inga namn, personnummer eller fritext): " + ", ".join(shown)
        )
    return f"okänd kolumn '{text}'{did_you_mean(text, shown, listing=False)}; kolumnerna är " + (
        ", ".join(shown)
    )


def _rows(sheet, kind, header, data, year, findings, result) -> list[Row]:
    number, columns, named = header
    rows = []
    for row_number, values in sheet.rows:
        if row_number <= number:
            continue
        first = next((v for v in values if v is not None), None)
        if isinstance(first, str) and key(first) in SUM_LABELS:
            result.skipped.append((row_number, "en summarad, inte stöd"))
            continue
        row = Row(row_number)
        ok = True
        for j, value in enumerate(values):
            letter = column_letter(j + 1)
            if value is None:
                continue
            if kind == "deltagare" and isinstance(value, str) and any(find_identity_numbers(value)):
                findings.append(Finding(sheet.label, row_number, letter, FEL, _PERSONNUMMER))
                ok = False
                continue
            if isinstance(value, Formula):
                findings.append(
                    Finding(
                        sheet.label, row_number, letter, FEL,
                        "cellen har en formel; stod räknar inte ut formler – kopiera och "
                        "klistra in cellerna som värden",
                    )
                )  # fmt: skip
                ok = False
                continue
            name = columns.get(j)
            if name is not None:
                row.values[name] = value
                row.columns[name] = letter
            elif j not in named:
                findings.append(
                    Finding(
                        sheet.label, row_number, letter, FEL,
                        "cellen står i en kolumn utan rubrik; ge kolumnen en rubrik eller töm den",
                    )
                )  # fmt: skip
                ok = False
        if not row.values and ok:
            continue  # a row with text only in columns that are not fields
        first_field = "datum" if kind == "stod" else "start"
        for name in sorted(row.values, key=lambda f: f != first_field):
            if name != first_field and row.year is None:
                row.year = _year_of(kind, row, year)
            try:
                converted = convert(kind, name, row.values[name], data, row.year)
            except Invalid as e:
                findings.append(Finding(sheet.label, row_number, row.columns[name], FEL, str(e)))
                ok = False
                continue
            if converted is None:
                del row.values[name]
            else:
                row.values[name] = converted
        row.year = _year_of(kind, row, year)
        for name in REQUIRED[kind]:
            if name not in row.values and name in columns.values() and ok:
                letter = next(column_letter(j + 1) for j, f in columns.items() if f == name)
                findings.append(
                    Finding(sheet.label, row_number, letter, FEL, f"{SHOWN[name]} saknas")
                )
                ok = False
        if ok and row.year is None:
            ok = False  # no date or month: already told
        if ok:
            rows.append(row)
    return rows


_PERSONNUMMER = (
    "cellen innehåller ett personnummer eller samordningsnummer; det får inte läsas in "
    "(deltagare anges bara med pseudonym som IS-2025-01)"
)


def _year_of(kind: str, row: Row, year: int | None) -> int | None:
    if kind == "deltagare" and year is not None:
        return year
    value = row.values.get("datum" if kind == "stod" else "start")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    m = re.match(r"\s*(\d{4})-", str(value)) if value is not None else None
    return int(m[1]) if m else None


# -- what is new ----------------------------------------------------------------------------------


def _new_support(data: Data, rows: list[Row], result: Result) -> list[Row]:
    """The rows not already in the log; a row that is in it (as often as it is) is skipped."""
    present: dict[int, Counter] = {}
    new = []
    for row in rows:
        if row.year not in present:
            entry = data.stod.get(row.year)
            default = default_insats(data, row.year)
            present[row.year] = Counter(
                stod_key(p, default) for _, p in (entry[1] if entry else []) if _complete(p)
            )
        typed = _typed_key(row, default_insats(data, row.year))
        if typed is not None and present[row.year][typed] > 0:
            present[row.year][typed] -= 1
            result.skipped.append((row.number, "raden finns redan i loggen"))
        else:
            new.append(row)
    return new


def _complete(post) -> bool:
    return all(getattr(post, f, None) is not None for f in ("datum", "foretag", "omrade", "timmar"))


def _typed_key(row: Row, default: str | None) -> tuple | None:
    v = row.values
    try:
        post = SimpleNamespace(
            datum=dt.date.fromisoformat(v["datum"]),
            foretag=v["foretag"],
            omrade=v["omrade"],
            timmar=float(v["timmar"]),
            beskrivning=v.get("beskrivning"),
            insats=v.get("insats"),
        )
    except (KeyError, ValueError):
        return None
    return stod_key(post, default)


def _pseudonyms(data, rows, prefix, sheet, findings, result) -> list[Row]:
    """Participants: a row whose pseudonym is already in the year's file with the same
    particulars is skipped (with other particulars it is an error); a row without one gets
    the next free pseudonym, as `stod ny deltagare` gives it."""
    existing = {year: {d.id: d for _, d in people} for year, (_, people) in data.deltagare.items()}
    in_sheet: dict[str, int] = {}
    new = []
    next_number: dict[tuple[str, int], int] = {}
    given = [r.values["id"] for r in rows if "id" in r.values]
    for row in rows:
        ident = row.values.get("id")
        if ident is None:
            pre = prefix or default_prefix(data, row.values["insats"])
            if (pre, row.year) not in next_number:
                first = int(next_pseudonym(data, pre, row.year).rsplit("-", 1)[1])
                used = [
                    int(g.rsplit("-", 1)[1]) for g in given if g.startswith(f"{pre}-{row.year}-")
                ]
                next_number[(pre, row.year)] = max([first, *(u + 1 for u in used)])
            number = next_number[(pre, row.year)]
            next_number[(pre, row.year)] += 1
            row.values = {"id": f"{pre}-{row.year}-{number:02d}", **row.values}
            new.append(row)
            continue
        if ident in in_sheet:
            findings.append(
                Finding(
                    sheet.label, row.number, row.columns["id"], FEL,
                    f"{ident} står redan på rad {in_sheet[ident]} i bladet",
                )
            )  # fmt: skip
            continue
        in_sheet[ident] = row.number
        before = existing.get(row.year, {}).get(ident)
        if before is None:
            new.append(row)
            continue
        differ = [
            SHOWN[f]
            for f in FIELDS["deltagare"]
            if (getattr(before, f, None) or None) != row.values.get(f)
        ]
        if differ:
            findings.append(
                Finding(
                    sheet.label, row.number, row.columns["id"], FEL,
                    f"{ident} finns redan i deltagare/{row.year}.yaml med andra uppgifter "
                    f"({', '.join(differ)}); ändra med 'stod avsluta' eller i filen",
                )
            )  # fmt: skip
        else:
            result.skipped.append((row.number, "deltagaren finns redan med samma uppgifter"))
    return new


# -- the files' new text ---------------------------------------------------------------------------


def _texts(folder: Path, kind: str, rows: list[Row], result: Result):
    by_year: dict[int, list[Line]] = {}
    for row in rows:
        by_year.setdefault(row.year, []).append(line_of(row, FIELDS[kind]))
    texts: dict[Path, str] = {}
    where: dict[str, tuple[int, list[Line]]] = {}
    for year, lines in sorted(by_year.items()):
        target = folder / kind / f"{year}.yaml"
        header = f"# Stödlogg {year}\n" if kind == "stod" else deltagare_header(year)
        text = append_lines(target, [line.text for line in lines], header)
        texts[target] = text
        result.added[target] = [(line.row.number, line.text) for line in lines]
        where[display_path(target)] = (first_line(text, lines), lines)
    return texts, where
