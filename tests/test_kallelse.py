"""`stod kallelse`: the notice of a planned meeting – golden documents on the example data,
the called parties, the open actions due by the meeting, the last meeting's decisions, and
the errors for a date with no meeting, a held meeting and a day with two."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from stodplattform.formats.pandoc import docx_text

from .conftest import EXAMPLE, copy_base, run, show, write_files
from .test_rapport import _golden, _strip_images

PER = "2026-11-25"
DATUM = "2026-12-09"


def messages(result) -> str:
    """stderr without the data's own warnings (`path:line:col: varning: …`), which the
    example data may carry whatever the command does."""
    return "".join(
        line
        for line in result.stderr.splitlines(keepends=True)
        if not re.match(r"\S+\.yaml:\d+:\d+: varning: ", line)
    )


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def _kallelse(*args: str) -> str:
    result = run("kallelse", *args, "--per", PER, "--ut", "-")
    assert result.exit_code == 0, show(result)
    assert messages(result) == "", show(result)
    return result.stdout


def test_golden_all_formats(example):
    for fmt in ("md", "html", "docx"):
        result = run("kallelse", DATUM, "--per", PER, "--format", fmt)
        assert result.exit_code == 0, show(result)
        assert messages(result) == f"Skrev ut/kallelse-{DATUM}.{fmt}\n", show(result)
    _golden(f"kallelse-{DATUM}.md", (example / "ut" / f"kallelse-{DATUM}.md").read_text("utf-8"))
    html = (example / "ut" / f"kallelse-{DATUM}.html").read_text("utf-8")
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="sv-SE"' in html
    _golden(f"kallelse-{DATUM}.html", _strip_images(html))
    docx = (example / "ut" / f"kallelse-{DATUM}.docx").read_bytes()
    _golden(f"kallelse-{DATUM}.docx.txt", docx_text(docx))


def test_what_the_notice_holds_is_recounted_from_the_files(example):
    text = _kallelse(DATUM)
    mote = yaml.safe_load((EXAMPLE / "moten" / f"{DATUM}-plattformsmote.yaml").read_text("utf-8"))
    plattform = yaml.safe_load((EXAMPLE / "plattform.yaml").read_text("utf-8"))
    parter = {p["id"]: p for p in plattform["parter"]}
    called = text.split("## Kallade")[1].split("##")[0]
    for part_id, part in parter.items():
        line = f"- {part['organisation']}, {part['roll']}"
        assert (line in called) == (part_id in mote["kallade"]), (part_id, called)
    assert "- **Dag:** Onsdag 9 december 2026" in text
    assert f"- **Tid:** {mote['tid']}" in text
    for i, punkt in enumerate(mote["dagordning"], 1):
        assert f"{i}. {punkt}" in text
    # the open actions due by the meeting, from every earlier meeting file
    due = []
    for path in (EXAMPLE / "moten").glob("*.yaml"):
        earlier = yaml.safe_load(path.read_text("utf-8"))
        if str(earlier["datum"]) >= DATUM:
            continue
        for a in earlier.get("atgarder", []):
            if a.get("status", "oppen") == "oppen" and str(a.get("senast", "")) <= DATUM:
                due.append(a["vad"])
    actions = text.split("## Åtgärder att rapportera")[1].split("##")[0]
    rows = [r for r in actions.splitlines() if r.startswith("| ") and not r.startswith("| Åtgärd")]
    assert due and sorted(r.split(" | ")[0][2:] for r in rows) == sorted(due), actions
    assert (
        "| Skriva klart ansökan för 2027 | Ludvika kommun, Näringslivschef | 2026-11-30 | öppen |"
        in text
    )
    assert (
        "| Teckna hyresavtal för industrispårets lokal | Ludvika kommun, Chef Arbetsmarknadsenheten | 2026-06-30 | försenad |"
        in text
    )
    assert (
        "Vid förra mötet, plattformsmöte 11 november 2026 (Ansökan för 2027), antecknades inga beslut."
        in text
    )


def _meetings(data, files: dict[str, str]) -> None:
    write_files(data, {f"moten/{name}.yaml": text for name, text in files.items()})


PLANNED = """
    datum: 2025-12-03
    typ: styrgruppsmote
    rubrik: Styrgruppen i december
    status: planerat
    dagordning: [Budget för 2026]
"""


def test_without_kallade_every_party_is_called_and_last_decisions_shown(in_tmp):
    data = copy_base(in_tmp)
    _meetings(
        data,
        {
            "2025-11-05-plattformsmote": """
                datum: 2025-11-05
                typ: plattformsmote
                rubrik: Novembermötet
                narvaro: [samarkand]
                beslut: [Budgeten *godkänns*, "Nästa möte <i>hålls</i> i december"]
                atgarder:
                  - {vad: Boka lokal, ansvarig: samarkand, senast: 2025-12-01}
                  - {vad: Skriv avtal, ansvarig: samarkand, senast: 2026-01-15}
                  - {vad: Klart redan, ansvarig: samarkand, senast: 2025-11-20, status: klar}
            """,
            "2025-12-03-styrgruppsmote": PLANNED,
        },
    )
    result = run("kallelse", "2025-12-03", "--per", "2025-11-25", "--ut", "-")
    assert result.exit_code == 0, show(result)
    text = result.stdout
    plattform = yaml.safe_load((data / "plattform.yaml").read_text("utf-8"))
    for part in plattform["parter"]:
        assert f"- {part['organisation']}, {part['roll']}" in text, text
    assert "- **Dag:** Onsdag 3 december 2025" in text
    assert "- **Tid:**" not in text
    assert "| Boka lokal |" in text and "| Skriv avtal |" not in text  # due after the meeting
    assert "Klart redan" not in text
    # the decisions of the last platform meeting, escaped for Markdown
    assert "Plattformsmöte 5 november 2025 (Novembermötet):" in text
    assert r"- Budgeten \*godkänns\*" in text
    assert r"- Nästa möte \<i\>hålls\</i\> i december" in text
    assert messages(result) == (
        "varning: mötet har ingen tid; skriv den som 'tid: \"13.00–15.00\"' i "
        "data/moten/2025-12-03-styrgruppsmote.yaml\n"
    ), show(result)


def test_a_date_without_a_meeting_names_the_nearest(example):
    result = run("kallelse", "2026-12-10", "--per", PER, "--ut", "-")
    assert result.exit_code == 1, show(result)
    assert result.stdout == ""
    assert messages(result).startswith(
        "fel: det finns inget möte den 10 december 2026 i moten/. Närmast: "
    ), show(result)
    assert "2026-12-09 Årets sista plattformsmöte (plattformsmöte, planerat)" in messages(result)
    assert "2026-11-11 Ansökan för 2027 (plattformsmöte, genomfört)" in messages(result)
    assert "Traceback" not in messages(result)


def test_a_held_meeting_points_to_protokoll(example):
    result = run("kallelse", "2025-11-12", "--per", PER)
    assert result.exit_code == 1, show(result)
    assert messages(result) == (
        "fel: mötet den 12 november 2025 är redan genomfört "
        "(data/moten/2025-11-12-plattformsmote.yaml); gör protokollet med "
        "'stod protokoll 2025-11-12'\n"
    ), show(result)
    assert not (example / "ut").exists()


@pytest.mark.parametrize(
    ("datum", "message"),
    [
        (
            "2026-02-30",
            "fel: 'DATUM' är ett datum som inte finns: '2026-02-30' (februari 2026 har 28 dagar)\n",
        ),
        (
            "nästa vecka",
            "fel: 'nästa vecka' är inget datum och inget mötes filnamn i moten/; skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-12-09\n",
        ),
        (
            "2025-12-10",
            "fel: mötet den 10 december 2025 är inställt (data/moten/2025-12-10-plattformsmote.yaml); ändra status till planerat om det ska hållas\n",
        ),
    ],
)
def test_bad_dates_and_cancelled_meetings(example, datum, message):
    result = run("kallelse", datum, "--per", PER, "--ut", "-")
    assert (result.exit_code, result.stdout, messages(result)) == (1, "", message), show(result)


def test_two_meetings_on_one_day_are_told_apart_by_file_name(in_tmp):
    data = copy_base(in_tmp)
    _meetings(
        data,
        {
            "2025-12-03-styrgruppsmote": PLANNED,
            "2025-12-03-fokusdag": """
                datum: 2025-12-03
                typ: fokusdag
                rubrik: Fokusdag
                status: planerat
                tid: "09.00–16.00"
            """,
        },
    )
    result = run("kallelse", "2025-12-03", "--per", "2025-11-25", "--ut", "-")
    assert result.exit_code == 1, show(result)
    assert messages(result) == (
        "fel: den 3 december 2025 finns 2 möten: 2025-12-03-fokusdag och "
        "2025-12-03-styrgruppsmote; ange mötets filnamn i stället för datumet, t.ex. "
        "2025-12-03-fokusdag\n"
    ), show(result)
    result = run("kallelse", "2025-12-03-fokusdag", "--per", "2025-11-25")
    assert result.exit_code == 0, show(result)
    assert "Skrev ut/kallelse-2025-12-03-fokusdag.md" in messages(result)
    text = (in_tmp / "ut" / "kallelse-2025-12-03-fokusdag.md").read_text("utf-8")
    assert text.startswith("# Kallelse: Fokusdag\n")
    assert "Dagordningen skickas ut före mötet." in text
