"""Attacks on the commands that came last: `stod import`, `stod avsluta`/`klar`/`inlamnad`,
`stod webb`, `stod kallelse`/`protokoll` and the protection of small participant counts.

Each test tries one attack from a data folder or a file that may come from a stranger and
fails if it works (something read or written outside the repository, a hang, a traceback,
personal data echoed, a count of 1–4 people that can be worked out)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from ..conftest import ROOT, run, show
from .conftest import SECRET

STOD = [sys.executable, "-m", "stodplattform"]
HEADER = ["Datum", "Företag", "Område", "Timmar"]


# -- sheets made by hand, as a stranger would ----------------------------------------------------

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument."


def _workbook(path: Path, sheet_xml: str, title: str = "Blad1") -> Path:
    """The smallest xlsx Excel and openpyxl open: one sheet with the given XML."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{_CT}spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook {_NS} xmlns:r="{_R}"><sheets><sheet name="{title}" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_R}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>\n' + text)
    return path


def _row(number: int, texts: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{t}</t></is></c>'
        for i, t in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'


def _stod(cwd: Path, *args: str, timeout: float) -> subprocess.CompletedProcess:
    """stod as a program: a hang fails on the timeout instead of stopping the test run."""
    return subprocess.run(
        [*STOD, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False
    )


# -- 1. stod import -------------------------------------------------------------------------------


def test_import_a_tiny_workbook_claiming_the_whole_sheet_does_not_hang(repo, tmp_path):
    """A 2 kB xlsx whose <dimension> says A1:XFD1048576 and whose last row is row 1 048 576:
    openpyxl fills every missing row out to 16 384 empty cells, so stod went through 17
    billion cells (half an hour and more) before it answered."""
    rows = _row(1, HEADER) + _row(2, ["2025-03-04", "Hantverkstan", "Bokföring", "2"])
    rows += '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = f'<worksheet {_NS}><dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData></worksheet>'
    book = _workbook(tmp_path / "liten.xlsx", sheet)
    assert book.stat().st_size < 4096
    started = time.monotonic()
    done = _stod(repo, "import", "stod", "--torrkor", str(book), timeout=60)
    assert time.monotonic() - started < 30
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert "liten.xlsx:Blad1:1048576:B: fel: Företag saknas" in done.stderr, done.stderr


def test_import_rows_with_a_cell_in_the_last_column_stop_early(repo, tmp_path):
    """Thirty thousand rows, each with one cell in column XFD: a 150 kB file that had stod
    look at half a billion cells. Now the reading stops at a limit with a message."""
    rows = _row(1, HEADER) + "".join(
        f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, 30_000)
    )
    book = _workbook(
        tmp_path / "bred.xlsx", f"<worksheet {_NS}><sheetData>{rows}</sheetData></worksheet>"
    )
    started = time.monotonic()
    done = _stod(repo, "import", "stod", "--torrkor", str(book), timeout=90)
    assert time.monotonic() - started < 60
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert "fel: " in done.stderr and "celler" in done.stderr, done.stderr
    assert len(done.stderr.splitlines()) < 5  # one message, not thirty thousand


def test_import_into_a_kinds_folder_linked_out_of_the_repository_writes_nothing_there(
    repo, tmp_path
):
    """data/stod is a link to a folder outside the repository: `stod validera` does not read
    it, but `stod import stod` wrote the year's new log into it."""
    outside = tmp_path / "utanfor"
    shutil.move(repo / "data" / "stod", outside)
    (repo / "data" / "stod").symlink_to(outside)
    sheet = tmp_path / "rad.csv"
    sheet.write_text(
        "Datum;Företag;Område;Timmar\n2030-03-04;Hantverkstan;Bokföring;2,5\n", "utf-8"
    )
    before = sorted(p.name for p in outside.iterdir())
    result = run("import", "stod", str(sheet))
    assert result.exit_code == 1, show(result)
    assert "länk ut ur datarepot" in result.stderr, show(result)
    assert sorted(p.name for p in outside.iterdir()) == before


def test_ny_stod_into_a_kinds_folder_linked_out_of_the_repository_writes_nothing_there(
    repo, tmp_path
):
    """The same through `stod ny stod` (the same appending code): no new file outside."""
    outside = tmp_path / "utanfor"
    shutil.move(repo / "data" / "stod", outside)
    (repo / "data" / "stod").symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    result = run(
        "ny", "stod", "--foretag", "hantverkstan", "--omrade", "bokforing", "--timmar", "2",
        "--datum", "2025-03-05", "Genomgång",
    )  # fmt: skip
    assert result.exit_code == 1, show(result)
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


# -- 2. stod avsluta, klar, inlamnad --------------------------------------------------------------


def test_avsluta_does_not_copy_a_linked_year_file_from_outside_into_the_data(repo, tmp_path):
    """deltagare/2026.yaml is a link to a file outside the repository. `stod avsluta` of a
    participant who went on from 2025 into 2026 appended to it: it read the outside file and
    wrote its content, with the new line, into the data folder (and so into git)."""
    outside = tmp_path / "hemlig.yaml"
    outside.write_text(f"# {SECRET}\n", "utf-8")
    year = repo / "data" / "deltagare" / "2026.yaml"
    year.unlink()
    year.symlink_to(outside)
    result = run("avsluta", "IS-2025-04", "--slut", "2026-03", "--utfall", "arbete")
    assert result.exit_code == 1, show(result)
    assert "länk ut ur datarepot" in result.stderr, show(result)
    assert year.is_symlink() and outside.read_text("utf-8") == f"# {SECRET}\n"
    assert SECRET not in result.stdout + result.stderr
    for path in (repo / "data").rglob("*.yaml"):
        if not path.is_symlink():
            assert SECRET not in path.read_text("utf-8"), path


# -- 3. stod webb ---------------------------------------------------------------------------------

# What a user's own template (or one in a repository from someone else) could slip past the
# last look at the page: Python's HTML parser and a browser read these differently, or the
# check did not know the attribute or the CSS function fetches.
WEB_ATTACKS = {
    "kommentar-slutar-tidigt": "<!--><script>alert(1)</script>-->",
    "kommentar-slutar-med-bang": "<!-- x --!><script>alert(1)</script>-->",
    "cdata": "<![CDATA[ x ><script>alert(1)</script>]]>",
    "xmp": '<xmp><img alt="</xmp><img src=x onerror=alert(1)>"></xmp>',
    "noembed": '<noembed><img alt="</noembed><img src=x onerror=alert(1)>"></noembed>',
    "title": '<title><img alt="</title><img src=x onerror=alert(1)>"></title>',
    "image-set": "<p style=\"background:image-set('https://evil.example/x.png' 1x)\">x</p>",
    "css-escape": '<p style="background:u\\72l(https://evil.example/x.png)">x</p>',
    "ping": '<a href="https://www.example.se" ping="https://evil.example/spara">x</a>',
    "background": '<table background="https://evil.example/x.png"><tr><td>x</td></tr></table>',
    "bakstreck": '<img alt="" src="/\\evil.example/x.png">',
    "data-lank": '<a href="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">x</a>',
}


@pytest.mark.parametrize("attack", list(WEB_ATTACKS.values()), ids=list(WEB_ATTACKS))
def test_webb_own_template_cannot_slip_script_or_fetch_past_the_check(repo, attack):
    """A user's own mallar/webb/index.html.j2 with a script or an outside resource hidden
    where the page check (html.parser) reads the page otherwise than a browser does."""
    builtin = (ROOT / "mallar" / "webb" / "index.html.j2").read_text("utf-8")
    head, end, tail = builtin.rpartition("{% endblock %}")
    assert end
    (repo / "mallar" / "webb").mkdir()
    (repo / "mallar" / "webb" / "index.html.j2").write_text(
        head + attack + "\n" + end + tail, "utf-8"
    )
    result = run("webb", "--per", "2025-06-01")
    assert result.exit_code == 1, show(result)
    assert "mallar/webb/index.html.j2: webbsidan får inte innehålla" in result.stderr, show(result)
    assert not (repo / "ut" / "webb" / "index.html").exists()


def test_webb_does_not_write_through_a_linked_pages_folder(repo, tmp_path):
    """ut/webb/foretag in a repository from someone else is a link to a folder outside it:
    `stod webb` wrote the enterprises' pages and its stamp file there."""
    victim = tmp_path / "offer"
    victim.mkdir()
    (repo / "ut" / "webb").mkdir(parents=True)
    (repo / "ut" / "webb" / "foretag").symlink_to(victim)
    result = run("webb", "--per", "2025-06-01")
    assert result.exit_code == 1, show(result)
    assert "länk ut ur" in result.stderr, show(result)
    assert list(victim.iterdir()) == []


# -- 5. small counts across documents -------------------------------------------------------------


def test_report_and_next_application_together_give_no_small_count(repo):
    """Two participants start (and end) in December 2025. Next year's application, written on
    its ansokningsdatum (2025-11-20), says 23 people took part in 2025; the report for 2025
    says 25. Side by side, the funder reads that exactly 2 people started in December – a
    count of 1–4 worked out by subtracting two printed figures of two documents."""
    import re

    log = repo / "data" / "deltagare" / "2025.yaml"
    december = (
        "- {{id: IS-2025-{n}, insats: industrisparet, start: 2025-12, slut: 2025-12, kon: kvinna, "
        "aldersgrupp: 30-49, remitterad_av: af, forsorjning_fore: okand, foretag: hantverkstan, "
        "utfall: arbete}}\n"
    )
    log.write_text(log.read_text("utf-8") + december.format(n=24) + december.format(n=25), "utf-8")
    report = run("rapport", "2025", "--per", "2026-01-15", "--ut", "-")
    application = run("ansokan", "2026", "--ut", "-")
    assert report.exit_code == 0 and application.exit_code == 0, show(report) + show(application)
    in_report = re.search(r"\| Deltagare i insatserna \| (\w+) \|", report.stdout)
    in_application = re.search(r"I insatserna har (\d+) personer deltagit", application.stdout)
    assert in_report and in_application, show(application)
    if in_report[1] != "dolt":  # the report hides its total rather than give the two away
        difference = int(in_report[1]) - int(in_application[1])
        assert not 1 <= difference <= 4, f"{in_report[1]} − {in_application[1]} = {difference}"


def test_default_output_folder_linked_out_of_the_repository_is_not_written_through(repo, tmp_path):
    """A repository from someone else has `ut` as a link to a folder elsewhere (another
    project, a web server's folder): `stod rapport` and `stod webb` wrote their files there."""
    victim = tmp_path / "offer"
    victim.mkdir()
    (repo / "ut").symlink_to(victim)
    for args in (("rapport", "2025", "--per", "2026-01-15"), ("webb", "--per", "2025-06-01"),
                 ("export", "2025", "--per", "2026-01-15")):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 1, show(result)
        assert "är en länk ut ur repot" in result.stderr and "--ut" in result.stderr, show(result)
    assert list(victim.iterdir()) == []


def test_import_deltagare_does_not_repeat_a_name_used_as_a_heading(repo, tmp_path):
    """A participants' sheet with a person's name as a column heading (a sheet kept with one
    column per person): the error for the unknown column repeated the name."""
    sheet = tmp_path / "deltagare.csv"
    sheet.write_text(
        "Id;Insats;Start;Kön;Anna Svensson\nIS-2025-30;industrisparet;2025-03;kvinna;x\n",
        "utf-8",
    )
    result = run("import", "deltagare", str(sheet), "--torrkor")
    assert result.exit_code == 1, show(result)
    assert "deltagare.csv:1:E: fel: kolumnen hör inte till deltagarna" in result.stderr, show(
        result
    )
    assert "Anna" not in result.stdout + result.stderr
