"""Follow-ups: `stod ny` in a Windows file (BOM and CRLF), XML bombs in `stod import`, hints
that name --data, what `stod ny ar` did beyond the file, and template errors with the path
under mallar/."""

from __future__ import annotations

import io
import shutil
import time
import zipfile

import pytest
import yaml
from openpyxl import Workbook

from .conftest import EXAMPLE, copy_base, run, show


@pytest.fixture
def repo(in_tmp):
    """The example data in tmp_path/data, the working folder tmp_path."""
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


# -- stod ny in a file saved by Notepad or Excel (byte-order mark, CRLF) --------------------------

STOD = ["ny", "stod", "--foretag", "luddes-hundcenter", "--omrade", "bokforing", "--timmar", "2"]
NEW_ROW = "- {datum: 2025-03-04, foretag: luddes-hundcenter, omrade: bokforing, timmar: 2}"


def test_ny_stod_keeps_a_bom_and_crlf_and_writes_crlf(in_tmp):
    data = copy_base(in_tmp)
    original = (
        "\ufeff# Stödlogg 2025 – sparad i Anteckningar\r\n"
        "- {datum: 2025-01-14, foretag: luddes-hundcenter, omrade: bokforing, timmar: 3}\r\n"
    ).encode("utf-8")
    log = data / "stod" / "2025.yaml"
    log.write_bytes(original)
    result = run(*STOD, "--datum", "2025-03-04")
    assert result.exit_code == 0, show(result)
    assert log.read_bytes() == original + (NEW_ROW + "\r\n").encode("utf-8")
    again = run(*STOD, "--datum", "2025-03-05")
    assert again.exit_code == 0, show(again)
    text = log.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff#") and text.count("\ufeff") == 1
    assert text.count("\r\n") == 4 and text.count("\n") == 4, repr(text)
    check = run("validera", "--strikt")
    assert check.exit_code == 0, show(check)


def test_ny_stod_fills_an_empty_list_in_a_bom_and_crlf_file(in_tmp):
    data = copy_base(in_tmp)
    log = data / "stod" / "2025.yaml"
    log.write_bytes("\ufeff# tom logg\r\n[]\r\n".encode())
    result = run(*STOD, "--datum", "2025-03-04", "Mappen C:\\Bokslut\\1 gicks igenom")
    assert result.exit_code == 0, show(result)
    text = log.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff# tom logg\r\n- {datum: 2025-03-04,"), repr(text)
    assert text.endswith("\r\n") and "[]" not in text and text.count("\n") == 2, repr(text)
    rows = yaml.safe_load(text.lstrip("\ufeff"))
    assert rows[0]["beskrivning"] == "Mappen C:\\Bokslut\\1 gicks igenom"
    check = run("validera", "--strikt")
    assert check.exit_code == 0, show(check)


def test_ny_deltagare_in_a_bom_and_crlf_file(in_tmp):
    data = copy_base(in_tmp)
    people = data / "deltagare" / "2025.yaml"
    original = people.read_bytes().decode("utf-8")
    assert "\r" not in original
    windows = ("\ufeff" + original.replace("\n", "\r\n")).encode("utf-8")
    people.write_bytes(windows)
    insats = yaml.safe_load(original)[0]["insats"]
    result = run("ny", "deltagare", "--insats", insats, "--start", "2025-05", "--kon", "kvinna")
    assert result.exit_code == 0, show(result)
    after = people.read_bytes()
    assert after.startswith(windows), show(result)
    added = after[len(windows) :].decode("utf-8")
    assert added.startswith("- {id: ") and added.endswith("}\r\n") and added.count("\n") == 1
    check = run("validera", "--strikt")
    assert check.exit_code == 0, show(check)


# -- XML in a workbook from a stranger (stod import) ----------------------------------------------


def test_openpyxl_reads_workbooks_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def _bomb(path, member: str):
    """A workbook whose `member` starts with a DTD of nested entities ("billion laughs"),
    the deepest one used in a cell of the sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Blad1"
    sheet.append(["Datum", "Företag", "Område", "Timmar"])
    sheet.append(["2025-12-01", "BOMB", "Bokföring", 2])
    buffer = io.BytesIO()
    book.save(buffer)
    levels = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE x [<!ENTITY l0 "hahahahaha">{levels}]>'
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == member:
                content = (dtd + content.decode("utf-8").replace("BOMB", "&l9;")).encode()
            out.writestr(info, content)
    return path


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_an_entity_bomb_in_a_workbook_is_refused_in_swedish(repo, member):
    log = repo / "data" / "stod" / "2025.yaml"
    before = log.read_bytes()
    _bomb(repo / "bomb.xlsx", member)
    started = time.monotonic()
    result = run("import", "stod", "bomb.xlsx")
    assert time.monotonic() - started < 30, show(result)
    assert result.exit_code == 1, show(result)
    assert "fel: bomb.xlsx innehåller XML-deklarationer (DOCTYPE, ENTITY)" in result.stderr, show(
        result
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert log.read_bytes() == before


def test_a_workbook_is_not_read_without_the_protection(repo, monkeypatch):
    import openpyxl.xml

    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    book = Workbook()
    book.active.append(["Datum", "Företag", "Område", "Timmar"])
    book.save(repo / "tid.xlsx")
    result = run("import", "stod", "tid.xlsx")
    assert result.exit_code == 1, show(result)
    assert "defusedxml" in result.stderr and "installera om stod" in result.stderr, show(result)


# -- template errors name the path under mallar/ ---------------------------------------------------


def _own_template(repo, name: str, old: str, new: str) -> int:
    """The built-in template `name` copied into the user's mallar/ with `old` replaced by
    `new`; returns the line the change is on."""
    from stodplattform.paths import builtin_templates

    text = builtin_templates().joinpath(*name.split("/")).read_text("utf-8")
    assert text.count(old) == 1
    path = repo / "mallar" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new), "utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_an_error_in_a_users_web_template_names_its_path_under_mallar(repo):
    line = _own_template(
        repo, "webb/foretag.html.j2", "<h1>{{ f.namn }}</h1>", "<h1>{{ f.finns_inte }}</h1>"
    )
    result = run("webb", "--ut", "ut/webb")
    assert result.exit_code == 1, show(result)
    assert (
        f"fel: mallar/webb/foretag.html.j2:{line}: fel i mallen: 'finns_inte' finns inte"
        in result.stderr
    ), show(result)
    assert "inbyggd" not in result.stderr, show(result)


def test_an_error_in_a_users_base_template_names_it_not_the_page(repo):
    """foretag.html.j2 (stod's own) extends the user's webb/sida.html.j2, which is wrong."""
    line = _own_template(repo, "webb/sida.html.j2", "</main>", "{{ 1 / 0 }}</main>")
    result = run("webb", "--ut", "ut/webb")
    assert result.exit_code == 1, show(result)
    assert f"fel: mallar/webb/sida.html.j2:{line}: fel i mallen: division med noll" in (
        result.stderr
    ), show(result)


def test_an_error_in_a_builtin_template_names_its_path_under_mallar():
    from stodplattform.problems import StodError
    from stodplattform.render import render

    with pytest.raises(StodError) as raised:
        render("webb/foretag.html.j2", {"f": {}}, None, html=True)
    assert str(raised.value).startswith("(inbyggd mall) webb/foretag.html.j2:"), raised.value


# -- what `stod ny ar` did beyond the year's file ----------------------------------------------------


def test_ny_ar_tells_what_it_carried_proposed_and_copied(repo):
    (repo / "data" / "ar" / "2027.yaml").unlink(missing_ok=True)
    people = yaml.safe_load((repo / "data" / "deltagare" / "2026.yaml").read_text("utf-8"))
    active = sum("slut" not in d for d in people)
    deadlines = len(
        yaml.safe_load((repo / "data" / "ar" / "2026.yaml").read_text("utf-8"))["rapporter"]
    )
    assert (active, deadlines) == (14, 3)
    result = run("ny", "ar", "2027")
    assert result.exit_code == 0, show(result)
    lines = result.stderr.splitlines()
    assert lines == [
        "Skrev data/ar/2027.yaml; fyll i belopp och texter för 2027",
        "Utöver filen: 14 pågående deltagare från 2026 är förda över till "
        "data/deltagare/2027.yaml, och tre rapportdatum är föreslagna (samma dag och månad som "
        "i ar/2026.yaml; stäm av dem mot beslutet).",
        "Texterna är kopierade från ar/2026.yaml och måste skrivas om för 2027; stod validera "
        "varnar för varje text som är oförändrad.",
    ], show(result)
    assert result.stdout == ""
    carried = yaml.safe_load((repo / "data" / "deltagare" / "2027.yaml").read_text("utf-8"))
    assert len(carried) == 14
    # and what it promises: validera warns about the unchanged texts
    check = run("validera")
    assert "data/ar/2027.yaml" in check.stdout and "densamma som i ar/2026.yaml" in check.stdout


def test_ny_ar_with_nothing_to_carry_says_so(in_tmp):
    data = copy_base(in_tmp)  # one participant, who ended; no deadlines, no texts
    result = run("ny", "ar", "2026")
    assert result.exit_code == 0, show(result)
    assert result.stderr.splitlines()[1:] == [
        "Utöver filen: inga pågående deltagare från 2025 att föra över, och inga rapportdatum "
        "att föreslå (ar/2025.yaml har inga)."
    ], show(result)
    assert not (data / "deltagare" / "2026.yaml").exists()


def test_ny_ar_from_an_older_year_does_not_promise_too_much(repo):
    (repo / "data" / "ar" / "2027.yaml").unlink(missing_ok=True)
    result = run("ny", "ar", "2028")
    assert result.exit_code == 0, show(result)
    assert "inga pågående deltagare från 2027 att föra över" in result.stderr, show(result)
    assert (
        "Texterna är kopierade från ar/2026.yaml och måste skrivas om för 2028; stod validera "
        "jämför bara med ar/2027.yaml, så gå igenom alla." in result.stderr
    ), show(result)


# -- commands suggested in messages name --data when it is needed ---------------------------------


@pytest.fixture
def elsewhere(in_tmp):
    """The example data in 'min data' (a folder with a space, not ./data), without 2027."""
    shutil.copytree(EXAMPLE, in_tmp / "min data")
    (in_tmp / "min data" / "ar" / "2027.yaml").unlink(missing_ok=True)
    return in_tmp / "min data"


def _suggested(stderr: str) -> list[str]:
    """The command on a line of its own after the message, as the user would paste it."""
    import shlex

    line = stderr.rstrip("\n").splitlines()[-1]
    assert line.startswith("    stod "), stderr
    return shlex.split(line)[1:]


def test_missing_year_suggests_stod_ny_ar_with_the_data_folder(elsewhere):
    result = run("rapport", "2027", "--data", "min data")
    assert result.exit_code == 1, show(result)
    assert result.stderr == (
        "fel: ar/2027.yaml saknas i min data; börja året med:\n"
        "    stod ny ar 2027 --data 'min data'\n"
    ), show(result)
    follow = run(*_suggested(result.stderr))  # the suggestion, pasted, does what it says
    assert follow.exit_code == 0, show(follow)
    assert (elsewhere / "ar" / "2027.yaml").is_file()


def test_the_folder_is_left_out_where_the_command_finds_it_by_itself(in_tmp, monkeypatch):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    (in_tmp / "data" / "ar" / "2027.yaml").unlink(missing_ok=True)
    for args in (["rapport", "2027"], ["rapport", "2027", "--data", "data"]):
        result = run(*args)
        assert result.stderr == (
            "fel: ar/2027.yaml saknas i data; börja året med 'stod ny ar 2027'\n"
        ), show(result)
    shutil.copytree(EXAMPLE, in_tmp / "annan")
    (in_tmp / "annan" / "ar" / "2027.yaml").unlink(missing_ok=True)
    result = run("rapport", "2027", "--data", "annan")
    assert "börja året med 'stod ny ar 2027 --data annan'" in result.stderr, show(result)
    monkeypatch.setenv("STOD_DATA", "annan")  # STOD_DATA finds it without --data
    result = run("rapport", "2027")
    assert "börja året med 'stod ny ar 2027'" in result.stderr, show(result)


def _broken(folder):
    path = folder / "stod" / "2025.yaml"
    path.write_text(path.read_text("utf-8") + "- {datum: 2025-13-01}\n", "utf-8")


def test_errors_point_to_stod_validera_with_the_data_folder(elsewhere):
    _broken(elsewhere)
    for args in (["rapport", "2025"], ["oversikt", "2025"]):
        result = run(*args, "--data", "min data")
        assert result.exit_code == 1, show(result)
        assert _suggested(result.stderr) == ["validera", "--data", "min data"], show(result)
        assert "rätta dem" in result.stderr


def test_oversikt_points_to_validera_in_the_folder_it_read(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "annan")
    (in_tmp / "annan" / "okand.yaml").write_text("a: b\n", encoding="utf-8")  # a warning
    result = run("oversikt", "2025", "--per", "2025-12-31", "--data", "annan")
    assert result.exit_code == 0, show(result)
    assert "Data: 1 varning – se 'stod validera --data annan'." in result.stdout, show(result)


def test_meeting_documents_and_klar_name_the_data_folder(elsewhere):
    result = run("kallelse", "2025-11-12", "--data", "min data")
    assert result.exit_code == 1, show(result)
    assert _suggested(result.stderr) == ["protokoll", "2025-11-12", "--data", "min data"]
    result = run("klar", "2025-11-12", "--data", "min data")
    assert result.exit_code == 2, show(result)
    hint = "ange vilken med dess nummer, t.ex.:\n    stod klar 2025-11-12 1 --data 'min data'"
    assert hint in result.stderr, show(result)


def test_no_meetings_yet_suggests_stod_ny_mote_in_the_data_folder(elsewhere):
    for path in (elsewhere / "moten").glob("*.yaml"):
        path.unlink()
    result = run("kallelse", "2026-12-09", "--data", "min data")
    assert result.exit_code == 1, show(result)
    assert "där finns inga möten ännu, lägg till ett med:\n" in result.stderr, show(result)
    assert _suggested(result.stderr) == ["ny", "mote", "--data", "min data"]
