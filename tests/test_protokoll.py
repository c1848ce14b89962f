"""`stod protokoll`: the minutes of a held meeting – golden documents on the example data,
attendance, numbered decisions, actions, the next meeting, and a clear error (never an empty
page) for a meeting with no attendance or decisions recorded, a planned or a cancelled one."""

from __future__ import annotations

import shutil

import pytest
import yaml

from stodplattform.formats.pandoc import docx_text

from .conftest import EXAMPLE, copy_base, run, show, write_files
from .test_kallelse import messages
from .test_rapport import _golden, _strip_images

PER = "2026-11-25"
DATUM = "2025-11-12"


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def test_golden_all_formats(example):
    for fmt in ("md", "html", "docx"):
        result = run("protokoll", DATUM, "--per", PER, "--format", fmt)
        assert result.exit_code == 0, show(result)
        assert messages(result) == f"Skrev ut/protokoll-{DATUM}.{fmt}\n", show(result)
    md = (example / "ut" / f"protokoll-{DATUM}.md").read_text("utf-8")
    _golden(f"protokoll-{DATUM}.md", md)
    html = (example / "ut" / f"protokoll-{DATUM}.html").read_text("utf-8")
    _golden(f"protokoll-{DATUM}.html", _strip_images(html))
    docx = (example / "ut" / f"protokoll-{DATUM}.docx").read_bytes()
    _golden(f"protokoll-{DATUM}.docx.txt", docx_text(docx))


def test_the_minutes_are_recounted_from_the_file(example):
    result = run("protokoll", DATUM, "--per", PER, "--ut", "-")
    assert result.exit_code == 0, show(result)
    text = result.stdout
    mote = yaml.safe_load((EXAMPLE / "moten" / f"{DATUM}-plattformsmote.yaml").read_text("utf-8"))
    plattform = yaml.safe_load((EXAMPLE / "plattform.yaml").read_text("utf-8"))
    present = text.split("## Närvarande")[1].split("##")[0]
    absent = text.split("## Frånvarande")[1].split("##")[0]
    for part in plattform["parter"]:
        line = f"- {part['organisation']}, {part['roll']}"
        assert (line in present) == (part["id"] in mote["narvaro"]), (part, present)
        assert (line in absent) == (part["id"] not in mote["narvaro"]), (part, absent)
    for i, beslut in enumerate(mote["beslut"], 1):
        assert f"**§ {i}** {beslut}" in text
    for i, atgard in enumerate(mote["atgarder"], 1):
        assert f"| {i} | {atgard['vad']} |" in text
    # the next platform meeting as it stood that day, though it was cancelled later
    assert (
        "## Nästa möte\n\nPlattformsmöte onsdag 10 december 2025, Samarkand, Ludvika: "
        "Årets sista plattformsmöte. (Mötet ställdes senare in.)" in text
    )
    assert "| Nr | Åtgärd | Ansvarig | Senast |\n" in text  # as decided: no later state


def test_the_next_meeting_is_the_planned_one_with_its_time(in_tmp):
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            "moten/2025-05-19-plattformsmote.yaml": """
                datum: 2025-05-19
                typ: plattformsmote
                rubrik: Majmötet
                narvaro: [samarkand, provby-naringsliv]
                beslut: [Budgeten godkänns]
            """,
            "moten/2025-06-01-fokusdag.yaml": """
                datum: 2025-06-01
                typ: fokusdag
                rubrik: Fokusdagen
                status: planerat
            """,
            "moten/2025-06-11-styrgruppsmote.yaml": """
                datum: 2025-06-11
                typ: styrgruppsmote
                rubrik: Styrgruppen före sommaren
                status: planerat
                tid: "13.00–15.00"
                plats: Provby kommunhus
            """,
        },
    )
    result = run("protokoll", "2025-05-19", "--per", "2025-05-20", "--ut", "-")
    assert result.exit_code == 0, show(result)
    assert (
        "Styrgruppsmöte onsdag 11 juni 2025, 13.00–15.00, Provby kommunhus: "
        "Styrgruppen före sommaren." in result.stdout
    ), result.stdout
    assert "Mötet gav inga nya åtgärder." in result.stdout
    assert "## Frånvarande" not in result.stdout


@pytest.mark.parametrize(
    ("fields", "what", "hint"),
    [
        (
            "beslut: [Något beslutas]",
            "ingen närvaro antecknad",
            "de närvarande parternas id under 'narvaro:'",
        ),
        ("narvaro: [samarkand]", "inga beslut antecknade", "besluten som en lista under 'beslut:'"),
        (
            "dagordning: [Övrigt]",
            "varken närvaro eller beslut antecknade",
            "de närvarande parternas id under 'narvaro:' och besluten som en lista under 'beslut:'",
        ),
    ],
)
def test_a_meeting_without_attendance_or_decisions_is_an_error(in_tmp, fields, what, hint):
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            "moten/2025-05-19-plattformsmote.yaml": f"""
                datum: 2025-05-19
                typ: plattformsmote
                rubrik: Majmötet
                {fields}
            """
        },
    )
    result = run("protokoll", "2025-05-19", "--per", "2025-06-01")
    assert result.exit_code == 1, show(result)
    assert result.stdout == ""
    assert messages(result) == (
        f"fel: data/moten/2025-05-19-plattformsmote.yaml: mötet den 19 maj 2025 har {what}, så "
        f"det finns inget protokoll att göra; skriv in {hint} i filen\n"
    ), show(result)
    assert not (in_tmp / "ut").exists()


@pytest.mark.parametrize(
    ("datum", "message"),
    [
        (
            "2026-12-09",
            "fel: mötet den 9 december 2026 är planerat och inte hållet ännu "
            "(data/moten/2026-12-09-plattformsmote.yaml); gör kallelsen med "
            "'stod kallelse 2026-12-09'\n",
        ),
        (
            "2025-12-10",
            "fel: mötet den 10 december 2025 ställdes in (data/moten/2025-12-10-plattformsmote.yaml)\n",
        ),
        (
            "2026-11-11",
            "fel: data/moten/2026-11-11-plattformsmote.yaml: mötet den 11 november 2026 har inga "
            "beslut antecknade, så det finns inget protokoll att göra; skriv in besluten som en "
            "lista under 'beslut:' i filen\n",
        ),
    ],
)
def test_planned_cancelled_and_undecided_meetings_in_the_example(example, datum, message):
    result = run("protokoll", datum, "--per", PER, "--ut", "-")
    assert (result.exit_code, result.stdout, messages(result)) == (1, "", message), show(result)


def test_an_unknown_date_names_the_nearest_meetings(example):
    result = run("protokoll", "2025-01-01", "--per", PER, "--ut", "-")
    assert result.exit_code == 1, show(result)
    assert messages(result).startswith(
        "fel: det finns inget möte den 1 januari 2025 i moten/. Närmast: "
    )
    assert (
        "2024-12-04 Styrgruppen beslutar om industrispårets förstudie (styrgruppsmöte, genomfört)"
        in messages(result)
    )
    assert "2025-02-12 Start för industrispåret (plattformsmöte, genomfört)" in messages(result)


def test_a_docx_cannot_go_to_the_terminal(example):
    result = run("protokoll", DATUM, "--per", PER, "--format", "docx", "--ut", "-")
    assert result.exit_code == 1, show(result)
    assert "fel: ett Word-dokument kan inte skrivas till terminalen; ange --ut FIL" in messages(
        result
    )
