"""`stod ansokan` and `stod ny ar`."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from stodplattform.formats.pandoc import docx_text

from .conftest import EXAMPLE, copy_base, run, show, write_files
from .test_rapport import _golden, _strip_images

PER = "2025-11-20"


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def _ansokan(*args: str) -> str:
    result = run("ansokan", *args, "--ut", "-")
    assert result.exit_code == 0, show(result)
    return result.stdout


def test_golden_all_formats(example):
    for fmt in ("md", "html", "docx"):
        result = run("ansokan", "2026", "--per", PER, "--format", fmt)
        assert result.exit_code == 0, show(result)
        assert f"Skrev ut/ansokan-2026.{fmt}" in result.stderr
    _golden("ansokan-2026.md", (example / "ut" / "ansokan-2026.md").read_text("utf-8"))
    html = (example / "ut" / "ansokan-2026.html").read_text("utf-8")
    _golden("ansokan-2026.html", _strip_images(html))
    docx = (example / "ut" / "ansokan-2026.docx").read_bytes()
    _golden("ansokan-2026.docx.txt", docx_text(docx))


def test_total_in_prose_equals_budget_tables(example):
    text = _ansokan("2026", "--per", PER)
    sums = [
        int(s.replace("\u00a0", ""))
        for s in re.findall(r"\*\*Summa\*\* \| \*\*([\d\u00a0]+)", text)
    ]
    total = int(
        re.search(r"ansöker vi därför om ([\d\u00a0]+)\u00a0kronor", text)
        .group(1)
        .replace("\u00a0", "")
    )
    assert len(sums) == 2 and total == sum(sums)
    ar = yaml.safe_load((EXAMPLE / "ar" / "2026.yaml").read_text("utf-8"))
    assert total == sum(i["sokt"] for i in ar["insatser"])
    assert (
        "varav 390\u00a0000\u00a0kronor för stödplattformen och 340\u00a0000\u00a0kronor för industrispåret."
        in text
    )


def test_matches_seed_2025_section_by_section(example):
    text = _ansokan("2025", "--per", "2024-11-21")
    flat = text.replace("\n", " ")
    headings = re.findall(r"^#+ (.+)$", text, re.M)
    assert headings == [
        "Ansökan",
        "Utvecklat socialt entreprenörskap i Västerbergslagen 2025",
        "Bakgrund",
        "Mål och syfte",
        "Genomförande",
        "Resultat och effekt",
        "Styrgrupp",
        "Tidsram och budget",
    ]
    assert text.startswith(
        "Västerbergslagens Samordningsförbund\\\nAttn: Lena Rosén, c/o Ludvika kommun\\\n771 82 Ludvika"
    )
    for fact in (
        "VBU-KomVux",
        "Jalla i Borlänge",
        "minst 20 personer per år",
        "Ludvika/Smedjebacken 2024-11-21",
        "Erik Odéns",
        "Näringslivschef Ludvika kommun",
        "VD, Samarkand2015 – sammankallande",
        "ansöker vi därför om 720\u00a0000\u00a0kronor för verksamhetsåret 2025, varav 380\u00a0000\u00a0kronor "
        "för stödplattformen och 340\u00a0000\u00a0kronor för industrispåret",
    ):
        assert fact in flat, fact
    assert "Hittills under 2024, till och med 21 november, har plattformen" in text
    styrgrupp = text.split("## Styrgrupp")[1].split("##")[0]
    for name in (
        "Återvinningsbutiken",
        "Luddes Hundcenter",
        "Disponentparken i Grängesberg",
        "Väderbacken",
        "Odla på ängen",
        "Hantverkstan",
    ):
        assert styrgrupp.count(name) == 1, name
    for misspelt in ("Odlå", "ången", "Våderbacken", "Po-ängen"):
        assert misspelt not in text


def test_default_year_is_the_year_after_per(example):
    assert "# Stödplattform för sociala företag i Västerbergslagen 2026" in _ansokan("--per", PER)


def test_finished_previous_year_says_under(example):
    text = _ansokan("2026", "--per", "2026-01-20")
    assert "Under 2025 har plattformen genomfört nio möten" in text
    assert "Hittills" not in text


def test_missing_prose_is_marked_and_warned(example):
    result = run("ansokan", "2027", "--per", "2026-11-22", "--ut", "-")
    assert result.exit_code == 0, show(result)
    for key in ("genomforande", "resultat", "tidsram"):
        assert (
            f"**[Texten saknas: fyll i texter.{key} i data/ar/2027.yaml]{{.stod-saknas}}**"
            in result.stdout
        )
        assert f"varning: data/ar/2027.yaml: texter.{key} saknas" in result.stderr
    html = run("ansokan", "2027", "--per", "2026-11-22", "--ut", "-", "--format", "html").stdout
    assert '<span class="stod-saknas">Texten saknas: fyll i texter.genomforande' in " ".join(
        html.split()
    )


def test_single_effort_has_no_split(in_tmp):
    copy_base(in_tmp)
    text = _ansokan("2025", "--per", "2024-11-01")
    assert "ansöker vi därför om 380\u00a0000\u00a0kronor för verksamhetsåret 2025." in text
    assert "varav" not in text


def test_missing_year_suggests_ny_ar(in_tmp):
    copy_base(in_tmp)
    result = run("ansokan", "2031")
    assert result.exit_code == 1
    assert "ar/2031.yaml saknas" in result.stderr and "stod ny ar 2031" in result.stderr


def test_ny_ar_carries_over_and_clears(example):
    result = run("ny", "ar", "2028")
    assert result.exit_code == 0, show(result)
    assert "Skrev data/ar/2028.yaml" in result.stderr
    new = yaml.safe_load((example / "data" / "ar" / "2028.yaml").read_text("utf-8"))
    assert new["ar"] == 2028
    assert [i["id"] for i in new["insatser"]] == ["stodplattformen", "industrisparet"]
    assert all("beviljat" not in i for i in new["insatser"])
    assert all("utfall" not in p for i in new["insatser"] for p in i["budget"])
    assert "rapporter" not in new and "ansokningsdatum" not in new
    assert new["texter"]["bakgrund"].startswith("Stödplattformen har sedan starten")
    assert run("validera").exit_code == 0  # the copied texts are warned about (gammal_text)
    assert run("ansokan", "2028", "--per", "2027-11-01", "--ut", "-").exit_code == 0


def test_ny_ar_clears_outcomes_of_manual_goals(example):
    (example / "data" / "ar" / "2027.yaml").unlink()
    assert run("ny", "ar", "2027").exit_code == 0
    new = yaml.safe_load((example / "data" / "ar" / "2027.yaml").read_text("utf-8"))
    manual = [m for m in new["mal"] if m["matt"] == "manuellt"]
    assert manual and all("utfall" not in m for m in manual)
    assert [i["budget"] for i in new["insatser"]][1][-1] == {
        "post": "Lokalhyra inklusive anpassningar",
        "belopp": 70000,
    }
    assert run("validera").exit_code == 0  # the copied texts are warned about (gammal_text)


def test_ny_ar_refuses_existing_year(example):
    before = (example / "data" / "ar" / "2026.yaml").read_bytes()
    result = run("ny", "ar", "2026")
    assert result.exit_code == 1
    assert "ar/2026.yaml finns redan" in result.stderr
    assert (example / "data" / "ar" / "2026.yaml").read_bytes() == before


def test_ny_ar_needs_an_earlier_year(in_tmp):
    copy_base(in_tmp)
    result = run("ny", "ar", "2020")
    assert result.exit_code == 1 and "inget år före 2020" in result.stderr


def test_ny_ar_refuses_a_broken_model(in_tmp):
    data = copy_base(in_tmp)
    write_files(data, {"ar/2025.yaml": "ar: 2025\ninsatser: []\n"})
    result = run("ny", "ar", "2026")
    assert result.exit_code == 1, show(result)
    assert "ar/2025.yaml har fel" in result.stderr
    assert not (data / "ar" / "2026.yaml").exists()
