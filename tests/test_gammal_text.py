"""Application texts left over from last year (gammal_text.py): the phrases that speak of an
earlier year as the future, copies of last year's text, and the warning in `stod validera`."""

from __future__ import annotations

import datetime as dt
import shutil
from types import SimpleNamespace

import pytest

from stodplattform.gammal_text import Gammal, future_phrases, pending, stale

from .conftest import EXAMPLE, copy_base, run, show, write_files

STALE = [  # (text in the application for 2027, the year and the words reported)
    ("Under 2026 ska industrispåret gå från förberedelse till verksamhet.", 2026, "Under 2026 ska"),
    ("2026 kommer plattformen att växa.", 2026, "2026 kommer"),
    ("Vi kommer under 2026 att försöka etablera ett nytt företag.", 2026, "kommer under 2026"),
    ("Arbetet kommer att pågå under 2026 och följas upp.", 2026, "kommer att pågå under 2026"),
    ("En ny fokusdag planeras 2026.", 2026, "planeras 2026"),
    ("Förberedelserna inför 2026 är i gång.", 2026, "inför 2026"),
    ("Syftet för 2026 blir att konkretisera affären.", 2026, "för 2026 blir"),
    ("Målet för 2026 är att fler går vidare till arbete.", 2026, "Målet för 2026 är"),
    ("Hösten 2026 vill vi bjuda in till en mässa.", 2026, "Hösten 2026 vill"),
    ("I december 2026 ska styrgruppen besluta.", 2026, "december 2026 ska"),
    ("Under 2025–2026 ska lokalerna byggas om.", 2026, "Under 2025–2026 ska"),
    ("Under 2025 avser vi att anställa.", 2025, "Under 2025 avser"),
    ("Plattformen bildades 2022, och under 2026 ska den växa.", 2026, "under 2026 ska"),
    ("- Under 2026 ska vi anställa en projektledare", 2026, "Under 2026 ska"),
    (
        "Därför ansöker vi om 380 000 kronor, utöver det andra, för verksamhetsåret 2026.",
        2026,
        "ansöker … för verksamhetsåret 2026",
    ),
]

NOT_STALE = [  # past tense, the application's own year, and years that are not a time ahead
    "Under 2026 genomfördes fyra fokusdagar.",
    "Under 2026 har arbetet påbörjats med en förprojekteringsfas.",
    "Syftet under 2026 har varit att klarlägga förutsättningarna.",
    "Under 2026 har vi sett att fler vill arbeta i företagen.",
    "Under 2026 startade industrispåret, och det ska bli självbärande.",
    "Fokusdagen i januari 2026 samlade kommuner och företag.",
    "Målet för 2026 var att fler skulle gå vidare.",
    "Under 2026 kan vi konstatera att behoven har ökat.",
    "Under 2027 ska industrispåret bli självbärande.",
    "Under 2026–2027 ska lokalerna byggas om.",
    "Plattformen bildades 2022 och ska nu utvecklas vidare.",
    "Sedan 2022 ska alla företag ha en handledare.",
    "Den plan som togs fram 2026 ska följas.",
    "Vi vill göra mer än under 2026.",
    "I 2026 års budget fanns medel för mentorer.",
    "Lokalen kostar 2026 kronor i månaden och ska hyras ut.",
    "Inför 2027 ska vi anställa.",
    "Samordningsförbundet beviljade 2026 medel som ska räcka länge.",
]


@pytest.mark.parametrize(("text", "year", "words"), STALE)
def test_speaks_of_an_earlier_year_as_the_future(text, year, words):
    assert (year, words) in future_phrases(text, 2027), future_phrases(text, 2027)


@pytest.mark.parametrize("text", NOT_STALE)
def test_past_tense_and_other_years_are_not_stale(text):
    assert future_phrases(text, 2027) == []


def test_the_same_text_is_fine_for_its_own_year():
    for text, _, _ in STALE:
        assert future_phrases(text.replace("2027", "2028"), 2025) == []


def test_a_copy_of_last_years_text_is_stale_whatever_its_wrapping():
    before = "Plattformen har gett området\nen stabil struktur.\n"
    after = "  Plattformen har gett området en\n stabil   struktur."
    assert stale(after, before, 2027) == Gammal("oforandrad", 2026)
    assert stale("En ny text.", before, 2027) is None
    assert stale(None, before, 2027) is None and stale("  \n", "  \n", 2027) is None


def test_the_latest_earlier_year_is_named_and_at_most_three_phrases():
    text = (
        "Under 2025 ska a göras. Under 2026 ska b göras. Inför 2026 väljer vi. "
        "2026 kommer c. Under 2026 vill vi d."
    )
    why = stale(text, None, 2027)
    assert why.slag == "framtid" and why.ar == 2026
    assert why.fraser == ("Under 2026 ska", "Inför 2026", "2026 kommer")
    assert why.markering() == (
        "Texten talar om 2026 som framtid (”Under 2026 ska”, ”Inför 2026”, ”2026 kommer”): "
        "se över den"
    )
    assert Gammal("oforandrad", 2026).markering() == "Texten är oförändrad från 2026: se över den"


def test_the_seeds_copied_a_year_on():
    """The real applications for 2024 and 2025, as if sent again a year later."""
    seeds = EXAMPLE.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("fröfilerna finns inte här")
    first = (seeds / "000_13f688060d6d93e7.txt").read_text("utf-8")
    second = (seeds / "001_a94cfaf3a21b4e9f.txt").read_text("utf-8")
    assert future_phrases(first, 2024) == [] and future_phrases(second, 2025) == []
    assert {y for y, _ in future_phrases(first, 2025)} == {2024}
    assert (2025, "för 2025 blir") in future_phrases(second, 2026)


def _year(ar: int, ansokningsdatum: dt.date | None = None):
    return SimpleNamespace(ar=ar, ansokningsdatum=ansokningsdatum)


def test_pending_is_the_years_not_yet_applied_for():
    today = dt.date(2026, 11, 23)
    assert not pending(_year(2025), today)  # the year has passed
    assert not pending(_year(2026, dt.date(2025, 11, 20)), today)  # handed in
    assert pending(_year(2026), today)  # no date: perhaps not handed in
    assert pending(_year(2027), today)
    assert pending(_year(2027, dt.date(2026, 11, 23)), today)  # signed today
    assert pending(_year(2027, dt.date(2026, 12, 1)), today)
    assert not pending(_year(2027, dt.date(2026, 11, 1)), today)


def _ar(year: int, texter: str, signed: str = "") -> str:
    return (
        f"ar: {year}\n{signed}"
        "insatser:\n"
        "  - id: stodplattformen\n"
        "    namn: Stödplattform för sociala företag\n"
        "    sokt: 380000\n"
        "    budget:\n"
        "      - {post: Stödresurs, belopp: 380000}\n"
        f"texter:\n{texter}"
    )


def test_validera_warns_on_the_coming_years_texts(in_tmp):
    now = dt.date.today().year
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            f"ar/{now}.yaml": _ar(
                now,
                "  bakgrund: Plattformen stöttar företagen.\n"
                f"  mal_och_syfte: Under {now} ska vi växa.\n",
            ),
            f"ar/{now + 1}.yaml": _ar(
                now + 1,
                "  bakgrund: |\n    Plattformen stöttar\n    företagen.\n"
                f"  mal_och_syfte: Under {now} ska vi växa ännu mer.\n"
                f"  resultat: Under {now} genomfördes fyra fokusdagar.\n",
            ),
        },
    )
    result = run("validera")
    assert result.exit_code == 0, show(result)
    path = f"data/ar/{now + 1}.yaml"
    assert (
        f"{path}:9:13: varning: texten är densamma som i ar/{now}.yaml; se över den"
        in result.stdout
    ), show(result)
    assert (
        f"{path}:12:18: varning: texten talar om {now} som framtid (”Under {now} ska”); "
        "se över den" in result.stdout
    ), show(result)
    assert "resultat" not in result.stdout and f"ar/{now}.yaml:" not in result.stdout
    assert run("validera", "--strikt").exit_code == 1


def test_validera_leaves_handed_in_years_alone(in_tmp):
    now = dt.date.today().year
    data = copy_base(in_tmp)
    signed = f"ansokningsdatum: {now - 1}-11-20\n"
    write_files(
        data,
        {
            f"ar/{now - 1}.yaml": _ar(now - 1, "  bakgrund: Plattformen stöttar företagen.\n"),
            f"ar/{now}.yaml": _ar(
                now,
                f"  bakgrund: Plattformen stöttar företagen.\n  tidsram: Under {now - 1} ska.\n",
                signed,
            ),
        },
    )
    result = run("validera", "--strikt")
    assert result.exit_code == 0, show(result)
    assert "varning:" not in result.stdout + result.stderr, show(result)


def test_the_example_data_has_no_stale_text(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    result = run("validera")
    assert result.exit_code == 0, show(result)
    assert "se över den" not in result.stdout + result.stderr, show(result)
