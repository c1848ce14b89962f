"""Follow-ups: `stod ny` in a Windows file (BOM and CRLF), XML bombs in `stod import`, hints
that name --data, what `stod ny ar` did beyond the file, and template errors with the path
under mallar/."""

from __future__ import annotations

import io
import shutil
import time
import zipfile

import pytest
from openpyxl import Workbook

from .conftest import EXAMPLE, run, show


@pytest.fixture
def repo(in_tmp):
    """The example data in tmp_path/data, the working folder tmp_path."""
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


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
