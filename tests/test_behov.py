"""The needs inventory against support given (behov.py, the report's "Behov och stöd")."""

from __future__ import annotations

import datetime as dt
import re

from stodplattform import vocab
from stodplattform.aggregate import Period, stod_frame
from stodplattform.behov import behov
from stodplattform.repository import load_data

from .conftest import copy_base, run, show, write_files

FORETAG = {
    "foretag/luddes-hundcenter.yaml": """
        namn: Luddes Hundcenter
        kommun: Provby
        status: aktiv
        behov: [salj_marknadsforing, styrelsekompetens, utbildning]
        """,
    "foretag/aterbruket.yaml": """
        namn: Återbruket
        kommun: Provby
        status: aktiv
        """,
    "foretag/vilan.yaml": """
        namn: Vilan
        kommun: Provby
        status: vilande
        behov: [radgivning]
        """,
    "foretag/nystart.yaml": """
        namn: Nystart
        kommun: Provby
        status: under_etablering
        behov: [mentorer, radgivning, natverk_foretag]
        """,
    "stod/2025.yaml": """
        - {datum: 2025-01-14, foretag: luddes-hundcenter, omrade: salj_marknadsforing, timmar: 2}
        - {datum: 2025-02-14, foretag: luddes-hundcenter, omrade: upphandling, timmar: 1.5}
        - {datum: 2025-03-14, foretag: luddes-hundcenter, omrade: bokforing, timmar: 3}
        - {datum: 2025-03-20, foretag: aterbruket, omrade: hr, timmar: 1.5}
        - {datum: 2025-04-02, foretag: nystart, omrade: affarsutveckling, timmar: 4}
        - {datum: 2025-09-02, foretag: luddes-hundcenter, omrade: styrelsearbete, timmar: 2}
        """,
}


def _inventory(folder, year: int = 2025, per: dt.date = dt.date(2025, 12, 31)) -> dict:
    data = load_data(folder)
    assert not data.problems, data.problems
    return behov(data, year, stod_frame(data, year, Period(year, per)))


def test_every_need_meets_known_areas():
    assert set(vocab.BEHOV_OMRADEN) == set(vocab.BEHOV)
    for need, areas in vocab.BEHOV_OMRADEN.items():
        assert areas, need
        assert set(areas) <= set(vocab.OMRADEN), need
        assert len(set(areas)) == len(areas), need


def test_hours_per_need_and_needs_without_support(tmp_path):
    folder = write_files(copy_base(tmp_path), FORETAG)
    r = _inventory(folder)
    names = [f["foretag"] for f in r["foretag"]]
    assert names == ["Luddes Hundcenter", "Nystart"]  # Swedish order; Vilan is dormant
    luddes = r["foretag"][0]
    assert [(n["kod"], n["timmar"]) for n in luddes["behov"]] == [
        ("salj_marknadsforing", 3.5),  # sälj and upphandling
        ("styrelsekompetens", 2.0),
        ("utbildning", 0),
    ]
    assert (luddes["timmar_behov"], luddes["timmar_ovrigt"], luddes["timmar_totalt"]) == (
        5.5,
        3.0,
        8.5,
    )
    assert {u["behov"]: u["foretag"] for u in r["utan_stod"]} == {
        "Utbildning": ["Luddes Hundcenter"],
        "Nätverk med andra företag": ["Nystart"],
    }
    assert r["utan_behov"] == ["Återbruket"]  # support given, no needs stated
    assert [k["behov"] for k in r["koppling"]] == [  # the needs stated, in the code order
        "Rådgivning",
        "Utbildning",
        "Mentorer",
        "Sälj och marknadsföring",
        "Styrelsekompetens",
        "Nätverk med andra företag",
    ]


def test_an_hour_meeting_two_needs_counts_once(tmp_path):
    folder = write_files(copy_base(tmp_path), FORETAG)
    nystart = next(f for f in _inventory(folder)["foretag"] if f["foretag"] == "Nystart")
    per_need = {n["kod"]: n["timmar"] for n in nystart["behov"]}
    assert per_need == {"mentorer": 4.0, "radgivning": 4.0, "natverk_foretag": 0}
    assert nystart["timmar_behov"] == 4.0 and nystart["timmar_ovrigt"] == 0


def test_support_after_per_is_not_counted(tmp_path):
    folder = write_files(copy_base(tmp_path), FORETAG)
    r = _inventory(folder, per=dt.date(2025, 6, 30))
    luddes = r["foretag"][0]
    assert {n["kod"]: n["timmar"] for n in luddes["behov"]}["styrelsekompetens"] == 0
    assert any(u["behov"] == "Styrelsekompetens" for u in r["utan_stod"])


def test_a_dormant_enterprise_with_support_is_shown(tmp_path):
    files = dict(FORETAG)
    files["stod/2025.yaml"] += "- {datum: 2025-05-02, foretag: vilan, omrade: hr, timmar: 1}\n"
    folder = write_files(copy_base(tmp_path), files)
    vilan = next(f for f in _inventory(folder)["foretag"] if f["foretag"] == "Vilan")
    assert vilan["behov"][0]["timmar"] == 1.0


def _section(text: str) -> str:
    assert "## Behov och stöd" in text
    return text.split("## Behov och stöd", 1)[1].split("\n## ", 1)[0]


def test_report_section_after_support(in_tmp):
    write_files(copy_base(in_tmp), FORETAG)
    result = run("rapport", "2025", "--per", "2026-02-15", "--ut", "-")
    assert result.exit_code == 0, show(result)
    text = result.stdout
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings.index("## Behov och stöd") == headings.index("## Stöd till företagen") + 1
    section = _section(text)
    assert "| Luddes Hundcenter | Sälj och marknadsföring | 3,5 |" in section
    assert "|  | Utbildning | inget stöd |" in section
    assert "- Nätverk med andra företag: Nystart" in section
    assert "- Utbildning: Luddes Hundcenter" in section
    outside = re.search(
        r"Av de ([\d,]+) timmar som företagen i tabellen fick i stöd låg 3 \((\d+)\xa0%\) "
        r"utanför de behov som de själva angett\.",
        " ".join(section.split(" ")),
    )
    assert outside, section
    total = float(outside[1].replace(",", "."))
    assert int(outside[2]) == round(3 / total * 100)
    assert "Fick stöd men har inga behov angivna: Återbruket." in section
    assert "| Sälj och marknadsföring | Sälj och marknadsföring, Upphandling |" in section
    assert "Vilan" not in section
    assert "till och med" not in section.split("\n\n")[1]  # the year is over


def test_report_without_needs_says_so(in_tmp):
    copy_base(in_tmp)
    result = run("rapport", "2025", "--per", "2025-06-30", "--ut", "-")
    assert result.exit_code == 0, show(result)
    assert "Inga företag har angett behov" in _section(result.stdout)
