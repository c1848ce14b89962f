"""`stod import stod|deltagare FIL`: Excel and Swedish-Excel CSV in, checked by the rules of
`stod validera`, all rows or none, errors at their row and column, nothing twice."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil

import pytest
from openpyxl import Workbook

from stodplattform import newdata

from .conftest import EXAMPLE, run, show


@pytest.fixture
def repo(in_tmp):
    """The example data in tmp_path/data, the working folder tmp_path."""
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def workbook(path, rows, title="Blad1"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def valid(*files: str) -> bool:
    """`stod validera` finds no error, and nothing at all in these files."""
    result = run("validera")
    return result.exit_code == 0 and not any(f in result.stdout for f in files)


def snapshot(repo) -> dict[str, bytes]:
    data = repo / "data"
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}


HEADER = ["Datum", "Företag", "Område", "Timmar (h)", "Beskrivning"]


def test_xlsx_as_people_write_it_is_appended_as_stod_ny_writes(repo):
    log = repo / "data" / "stod" / "2025.yaml"
    before = log.read_bytes()
    workbook(
        repo / "tidrapport.xlsx",
        [
            ["Tidrapport för stödresursen, december"],  # a title above the header
            HEADER,
            [dt.datetime(2025, 12, 1), "Luddes Hundcenter", "Bokföring", 2.5, "Bokslut"],
            ["2025-12-02", "luddes hundcenter", "HR och personalfrågor", "1,5", None],
            ["16/12/2025", "Odlå på ängen", "sälj och marknadsföring", "2,25 h", "Ny skylt"],
            [None, None, None, None, None],
            ["Summa", None, None, "=SUM(D3:D5)", None],
        ],
    )
    result = run("import", "stod", "tidrapport.xlsx")
    assert result.exit_code == 0, show(result)
    assert "Lade till 3 rader i data/stod/2025.yaml." in result.stderr
    assert "Hoppar över 1 rad (rad 7): en summarad" in result.stderr
    after = log.read_bytes()
    assert after[: len(before)] == before
    assert after[len(before) :].decode("utf-8") == (
        "- {datum: 2025-12-01, foretag: luddes-hundcenter, omrade: bokforing, timmar: 2.5, "
        "beskrivning: Bokslut}\n"
        "- {datum: 2025-12-02, foretag: luddes-hundcenter, omrade: hr, timmar: 1.5}\n"
        "- {datum: 2025-12-16, foretag: odla-pa-angen, omrade: salj_marknadsforing, "
        "timmar: 2.25, beskrivning: Ny skylt}\n"
    )
    assert valid("stod/")


def test_swedish_excel_csv_cp1252_and_utf8_with_bom(repo):
    text = (
        "Datum;Företag;Område;Timmar;Beskrivning;Insats\r\n"
        "2026-03-02;Väderbacken;Bokföring;2,5;Kassarapporter;stodplattformen\r\n"
        "2026-03-03;vaderbacken;Myndighetskontakter;1;Möte med AF: lönebidrag;\r\n"
    )
    (repo / "tid-ansi.csv").write_bytes(text.encode("cp1252"))
    log = repo / "data" / "stod" / "2026.yaml"
    before = log.read_bytes()
    result = run("import", "stod", "tid-ansi.csv")
    assert result.exit_code == 0, show(result)
    assert (
        log.read_bytes()
        == before
        + (
            "- {datum: 2026-03-02, foretag: vaderbacken, omrade: bokforing, timmar: 2.5, "
            "beskrivning: Kassarapporter, insats: stodplattformen}\n"
            "- {datum: 2026-03-03, foretag: vaderbacken, omrade: myndighetskontakter, timmar: 1, "
            'beskrivning: "Möte med AF: lönebidrag"}\n'
        ).encode()
    )
    # the same rows again, now as UTF-8 with BOM: all there already, nothing added
    (repo / "tid-utf8.csv").write_bytes(text.encode("utf-8-sig"))
    again = run("import", "stod", "tid-utf8.csv")
    assert again.exit_code == 0, show(again)
    assert "Hoppar över 2 rader (rad 2–3): raden finns redan i loggen" in again.stderr
    assert "Inget nytt att lägga till." in again.stderr
    assert valid("stod/")


def test_errors_name_file_sheet_row_and_column_and_nothing_is_written(repo):
    before = snapshot(repo)
    workbook(
        repo / "tidrapport.xlsx",
        [
            HEADER,
            ["2025-12-01", "Luddes", "Bokföring", 2, "x"],  # 2: B
            ["3/4/2025", "Väderbacken", "Bokföring", 2, "x"],  # 3: A
            ["2025-12-03", "Väderbacken", "Bokföringen", "tre", "x"],  # 4: C and D
            ["2025-12-04", "Väderbacken", "HR", 2.3, "x"],  # 5: D, from the rules
            ["2025-02-30", "Väderbacken", "HR", 1, "x"],  # 6: A, from the rules
            ["2025-12-06", "Väderbacken", "HR", 1, "=A1"],  # 7: E, a formula
            ["2025-12-07", "Väderbacken", "HR", 1, "x", "kvar"],  # 8: F, no header
            ["2025-12-08", "Väderbacken", "HR", 1, "ring 19121212-1212"],  # 9: E
            ["2025-12-09", "Väderbacken", "HR", 1, "helt rätt"],
        ],
    )
    result = run("import", "stod", "tidrapport.xlsx")
    assert result.exit_code == 1, show(result)
    lines = result.stderr.splitlines()
    expected = [
        "tidrapport.xlsx:Blad1:2:B: fel: företaget 'Luddes' finns inte; menade du 'Luddes Hundcenter'?",
        "tidrapport.xlsx:Blad1:3:A: fel: '3/4/2025' kan vara både 3 april och 4 mars; skriv "
        "datumet som ÅÅÅÅ-MM-DD (2025-04-03 eller 2025-03-04)",
        "tidrapport.xlsx:Blad1:4:C: fel: 'Bokföringen' är inget giltigt värde; menade du 'bokforing'?",
        "tidrapport.xlsx:Blad1:4:D: fel: 'Timmar' ska vara ett tal som 2,5, fick 'tre'",
        "tidrapport.xlsx:Blad1:5:D: fel: 'timmar' anges i steg om kvarts timme (0.25), fick 2.3",
        "tidrapport.xlsx:Blad1:6:A: fel: 'datum' är ett datum som inte finns: '2025-02-30' "
        "(februari 2025 har 28 dagar)",
        "tidrapport.xlsx:Blad1:7:E: fel: cellen har en formel; stod räknar inte ut formler – "
        "kopiera och klistra in cellerna som värden",
        "tidrapport.xlsx:Blad1:8:F: fel: cellen står i en kolumn utan rubrik; ge kolumnen en "
        "rubrik eller töm den",
    ]
    for line in expected:
        assert line in lines, show(result)
    pnr = [line for line in lines if line.startswith("tidrapport.xlsx:Blad1:9:E: fel:")]
    assert pnr and "19121212-****" in pnr[0], show(result)
    assert "1212-1212" not in result.stdout + result.stderr
    assert lines[-1] == "fel: inget lades till; rätta de 9 felen och kör igen", show(result)
    assert "Traceback" not in result.stderr
    assert snapshot(repo) == before


def test_a_missing_column_and_an_unknown_one(repo):
    workbook(repo / "t.xlsx", [["Datum", "Företag", "Timmar", "Områden x"]], title="Tid")
    result = run("import", "stod", "t.xlsx")
    assert result.exit_code == 1, show(result)
    assert "t.xlsx:Tid:1:D: fel: okänd kolumn 'Områden x'; menade du 'Område'?" in result.stderr
    assert "t.xlsx:Tid:1: fel: kolumnen saknas: Område" in result.stderr


def test_rows_in_the_log_are_skipped_as_often_as_they_are_there(repo):
    log = repo / "data" / "stod" / "2025.yaml"
    before = log.read_bytes()
    known = [
        dt.date(2025, 1, 10), "Återvinningsbutiken", "Administration", 3,
        "Rutiner för fakturering",
    ]  # fmt: skip
    workbook(
        repo / "t.xlsx",
        [HEADER, known, known, ["2025-12-10", "Hantverkstan", "Bokföring", 1, "Nytt"]],
    )
    result = run("import", "stod", "t.xlsx", "--torrkor")
    assert result.exit_code == 0, show(result)
    # the log has the row once: the first copy is skipped, the second is new (and warned)
    assert "Hoppar över 1 rad (rad 2): raden finns redan i loggen" in result.stderr
    assert "t.xlsx:Blad1:3: varning: posten är exakt likadan som den på rad 3" in result.stderr
    assert result.stdout.splitlines() == [
        "# data/stod/2025.yaml: 2 nya rader",
        "- {datum: 2025-01-10, foretag: atervinningsbutiken, omrade: administration, timmar: 3, "
        "beskrivning: Rutiner för fakturering}  # rad 3",
        "- {datum: 2025-12-10, foretag: hantverkstan, omrade: bokforing, timmar: 1, "
        "beskrivning: Nytt}  # rad 4",
    ]
    assert "Torrkörning: 2 rader skulle läggas till i data/stod/2025.yaml; inget skrevs." in (
        result.stderr
    )
    assert log.read_bytes() == before


def test_an_exact_duplicate_in_the_log_is_a_warning_in_validera(repo):
    log = repo / "data" / "stod" / "2025.yaml"
    lines = log.read_text("utf-8").splitlines(keepends=True)
    log.write_text("".join(lines) + lines[2].replace("timmar: 3", "timmar: 3.0"), "utf-8")
    result = run("validera")
    assert result.exit_code == 0, show(result)
    n = len(lines) + 1
    found = [line for line in result.stdout.splitlines() if "stod/" in line]
    assert found == [
        f"data/stod/2025.yaml:{n}:3: varning: posten är exakt likadan som den på rad 3 (samma "
        "datum, företag, område, timmar, beskrivning och insats); står den två gånger?"
    ], show(result)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_what_export_writes_imports_back_as_nothing_new(repo, fmt):
    result = run("export", "2025", "--per", "2025-12-31", "--format", fmt)
    assert result.exit_code == 0, show(result)
    before = snapshot(repo)
    path = "ut/export-2025.xlsx" if fmt == "xlsx" else "ut/export-2025/stodlogg.csv"
    back = run("import", "stod", path)
    assert back.exit_code == 0, show(back)
    assert "Inget nytt att lägga till." in back.stderr
    assert "rader (rad 2–67): raden finns redan i loggen" in back.stderr
    assert snapshot(repo) == before


def test_a_text_export_guarded_against_formulas_comes_back_as_it_was(repo):
    log = repo / "data" / "stod" / "2025.yaml"
    log.write_text(
        log.read_text("utf-8")
        + '- {datum: 2025-12-11, foretag: hantverkstan, omrade: hr, timmar: 1, beskrivning: "-minus först"}\n',
        "utf-8",
    )
    assert run("export", "2025", "--per", "2025-12-31", "--format", "csv").exit_code == 0
    assert "'-minus först" in (repo / "ut" / "export-2025" / "stodlogg.csv").read_text("utf-8-sig")
    before = snapshot(repo)
    back = run("import", "stod", "ut/export-2025/stodlogg.csv")
    assert back.exit_code == 0 and "Inget nytt" in back.stderr, show(back)
    assert snapshot(repo) == before


def test_appending_keeps_a_bom_and_crlf_file_as_it_was(repo):
    log = repo / "data" / "stod" / "2026.yaml"
    original = (
        "\ufeff# logg\r\n- {datum: 2026-01-14, foretag: hantverkstan, omrade: hr, timmar: 4}\r\n"
    )
    log.write_bytes(original.encode("utf-8"))
    (repo / "t.csv").write_text("Datum;Företag;Område;Timmar\n2026-02-01;Hantverkstan;HR;1\n")
    result = run("import", "stod", "t.csv")
    assert result.exit_code == 0, show(result)
    assert log.read_bytes() == (
        original + "- {datum: 2026-02-01, foretag: hantverkstan, omrade: hr, timmar: 1}\r\n"
    ).encode("utf-8")


# -- participants -----------------------------------------------------------------------------


DELTAGARE = ["Pseudonym", "Insats", "Start", "Kön", "Åldersgrupp", "Remitterad av", "Företag"]


def test_participants_get_the_next_pseudonyms_and_codes_from_labels(repo):
    target = repo / "data" / "deltagare" / "2026.yaml"
    before = target.read_bytes()
    workbook(
        repo / "deltagare.xlsx",
        [
            DELTAGARE,
            [None, "Industrispåret", dt.datetime(2026, 11, 1), "Kvinna", "30–49 år", "af", "Hantverkstan"],
            ["is-2026-30", "industrisparet", "2026-11", "man", "65 år och äldre", "AF", None],
        ],
    )  # fmt: skip
    result = run("import", "deltagare", "deltagare.xlsx")
    assert result.exit_code == 0, show(result)
    added = target.read_bytes()[len(before) :].decode("utf-8")
    assert target.read_bytes().startswith(before)
    assert added == (
        "- {id: IS-2026-31, insats: industrisparet, start: 2026-11, kon: kvinna, "
        "aldersgrupp: 30-49, remitterad_av: af, foretag: hantverkstan}\n"
        "- {id: IS-2026-30, insats: industrisparet, start: 2026-11, kon: man, aldersgrupp: 65+, "
        "remitterad_av: af}\n"
    )
    assert valid("deltagare/")
    again = run("import", "deltagare", "deltagare.xlsx", "--torrkor")
    # the row with its pseudonym is known now; the row without one would be a new person
    assert "Hoppar över 1 rad (rad 3): deltagaren finns redan med samma uppgifter" in again.stderr
    assert "IS-2026-32" in again.stdout, show(again)


def test_participants_never_echo_a_personnummer_or_a_name(repo):
    before = snapshot(repo)
    workbook(
        repo / "deltagare.xlsx",
        [
            [*DELTAGARE, "Personnummer"],
            ["Anna Andersson", "industrisparet", "2026-11", "kvinna", None, None, None, "19121212-1212"],
            [None, "industrisparet", "2026-11", "Anna", None, None, None, None],
            [None, "industrisparet", "2026-11", "kvinna", "19121212-1212", None, None, None],
        ],
    )  # fmt: skip
    result = run("import", "deltagare", "deltagare.xlsx")
    assert result.exit_code == 1, show(result)
    out = result.stdout + result.stderr
    assert "1212-1212" not in out and "121212" not in out and "Anna" not in out, out
    assert "deltagare.xlsx:Blad1:1:H: fel: kolumnen 'Personnummer' hör inte till deltagarna" in out
    assert "deltagare.xlsx:Blad1:2:A: fel: ska vara en pseudonym som IS-2025-01" in out
    assert "deltagare.xlsx:Blad1:3:D: fel: värdet är inget av kvinna, man, annat" in out
    assert "deltagare.xlsx:Blad1:4:E: fel: cellen innehåller ett personnummer" in out
    assert snapshot(repo) == before


def test_a_participant_already_there_with_other_particulars_is_an_error(repo):
    workbook(
        repo / "d.xlsx",
        [DELTAGARE, ["IS-2026-04", "industrisparet", "2026-10", "man", "30-49", None, None]],
    )
    result = run("import", "deltagare", "d.xlsx")
    assert result.exit_code == 1, show(result)
    assert (
        "d.xlsx:Blad1:2:A: fel: IS-2026-04 finns redan i deltagare/2026.yaml med andra "
        "uppgifter (Kön, Remitterad av, Försörjning före, Företag)"
    ) in result.stderr


# -- what can go wrong around the data -----------------------------------------------------------


def test_a_locked_data_folder_is_a_swedish_message(repo, monkeypatch):
    from filelock import FileLock

    (repo / "t.csv").write_text("Datum;Företag;Område;Timmar\n2026-02-01;Hantverkstan;HR;1\n")
    monkeypatch.setattr(newdata, "LOCK_WAIT", 0.1)
    with FileLock(str(repo / ".stod.lock")):
        result = run("import", "stod", "t.csv")
    assert result.exit_code == 1, show(result)
    assert "datamappen är låst av en annan körning av stod" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_log_open_in_excel_is_a_swedish_message_and_nothing_changes(repo, monkeypatch):
    (repo / "t.csv").write_text("Datum;Företag;Område;Timmar\n2026-02-01;Hantverkstan;HR;1\n")
    before = snapshot(repo)

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    result = run("import", "stod", "t.csv")
    monkeypatch.undo()
    assert result.exit_code == 1, show(result)
    assert "öppen i Excel" in result.stderr and "stod/2026.yaml" in result.stderr, show(result)
    assert snapshot(repo) == before
    assert not [p for p in (repo / "data" / "stod").iterdir() if p.name.startswith(".stod-")]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("saknas.xlsx", None, "saknas.xlsx"),
        ("gammal.xls", b"\xd0\xcf\x11\xe0", "Excels gamla format (.xls)"),
        ("trasig.xlsx", b"PK\x03\x04 inte alls en zip", "ingen Excel-arbetsbok (.xlsx)"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_swedish_message(repo, name, content, message):
    if content is not None:
        (repo / name).write_bytes(content)
    result = run("import", "stod", name)
    assert result.exit_code == 1, show(result)
    assert message in result.stderr and result.stderr.startswith("fel: "), show(result)
    assert "Traceback" not in result.stderr


def test_a_sheet_by_name_with_a_hint(repo):
    workbook(repo / "t.xlsx", [HEADER], title="Tid 2025")
    result = run("import", "stod", "t.xlsx", "--blad", "tid 2025")
    assert result.exit_code == 0, show(result)
    wrong = run("import", "stod", "t.xlsx", "--blad", "Tid 2024")
    assert wrong.exit_code == 1
    assert "t.xlsx har inget blad 'Tid 2024'; menade du 'Tid 2025'?" in wrong.stderr, show(wrong)


def test_rows_of_two_years_go_to_two_files_together(repo):
    (repo / "t.csv").write_text(
        "Datum;Företag;Område;Timmar\n2025-12-30;Hantverkstan;HR;1\n2026-01-02;Hantverkstan;HR;2\n"
    )
    result = run("import", "stod", "t.csv")
    assert result.exit_code == 0, show(result)
    assert "Lade till 2 rader i data/stod/2025.yaml (1), data/stod/2026.yaml (1)." in result.stderr
    assert (
        (repo / "data" / "stod" / "2026.yaml")
        .read_text("utf-8")
        .endswith("- {datum: 2026-01-02, foretag: hantverkstan, omrade: hr, timmar: 2}\n")
    )
