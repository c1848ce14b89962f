"""What the application says (issue 11): figures as of its signing date, the applicant, last
year's goals, grant, outcome and co-financing, the platform's slogan and website, the data
version (also in the export), stale texts marked, and Swedish as written by hand."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
import yaml

from stodplattform import __version__
from stodplattform.aggregate import year_summary
from stodplattform.documents import ansokan_per
from stodplattform.render import lista, ord_, tal, versal
from stodplattform.repository import load_data

from .conftest import EXAMPLE, copy_base, run, show, write_files

NBSP = "\u00a0"


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def _ansokan(*args: str) -> str:
    result = run("ansokan", *args, "--ut", "-")
    assert result.exit_code == 0, show(result)
    return result.stdout.replace(NBSP, " ")


def _section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0].strip()


# -- the date the figures are as of ------------------------------------------------------------


def test_without_per_the_figures_are_as_of_the_signing_date(example):
    """ar/2026.yaml is signed 2025-11-20: made today, the draft must not put 2025's full-year
    figures under that date."""
    plain = run("ansokan", "2026", "--ut", "-")
    signed = run("ansokan", "2026", "--per", "2025-11-20", "--ut", "-")
    assert plain.exit_code == 0 and signed.exit_code == 0, show(plain) + show(signed)
    assert plain.stdout_bytes == signed.stdout_bytes
    assert "Hittills under 2025, till och med 20 november," in plain.stdout


def test_per_still_overrides_the_signing_date(example):
    text = _ansokan("2026", "--per", "2026-02-20")
    assert "Under 2025 har plattformen genomfört" in text and "Hittills" not in text
    assert "Ludvika/Smedjebacken 2025-11-20" in text  # the signature keeps its date


def _sign(example, year: int, day: dt.date) -> None:
    path = example / "data" / "ar" / f"{year}.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace(f"ar: {year}\n", f"ar: {year}\nansokningsdatum: {day}\n"), "utf-8")


def test_a_signing_date_ahead_is_as_of_today(example):
    today = dt.date.today()
    ahead = today + dt.timedelta(days=10)
    _sign(example, 2027, ahead)
    assert _ansokan("2027") == _ansokan("2027", "--per", today.isoformat())


def test_without_a_signing_date_as_of_today(example):
    assert _ansokan("2027") == _ansokan("2027", "--per", dt.date.today().isoformat())


def test_ansokan_per():
    data = load_data(EXAMPLE)
    assert ansokan_per(data, 2026, dt.date(2026, 11, 23)) == dt.date(2025, 11, 20)
    assert ansokan_per(data, 2026, dt.date(2025, 10, 1)) == dt.date(2025, 10, 1)
    assert ansokan_per(data, 2027, dt.date(2026, 11, 23)) == dt.date(2026, 11, 23)


# -- who applies, and the platform's own words --------------------------------------------------


def test_applicant_slogan_and_website(example):
    text = _ansokan("2026")
    plattform = yaml.safe_load((EXAMPLE / "plattform.yaml").read_text("utf-8"))
    organisation = plattform["sokande"]["organisation"]
    head = text.split("## Bakgrund")[0]
    assert f"**Sökande:** {organisation}, på uppdrag av {plattform['namn']}" in head
    signature = text.split("Ludvika/Smedjebacken 2025-11-20")[1]
    assert f"{organisation}\\\nPå uppdrag av {plattform['namn']}" in signature
    assert f"*{plattform['slogan']}*\\\n{plattform['webbplats']}\n" in signature


def test_no_slogan_or_website_no_empty_line(in_tmp):
    copy_base(in_tmp)
    text = _ansokan("2025", "--per", "2024-11-01")
    assert "**Sökande:** Näringslivsenheten, Provby kommun" in text
    assert "På uppdrag av Stödplattform för sociala företag i Provbygden\n\n---\n" in text


# -- the data version ---------------------------------------------------------------------------


def test_version_line_outside_git(example):
    text = _ansokan("2026")
    assert text.rstrip().endswith(f"*Gjord med stod {__version__} ur plattformens data.*")


@pytest.mark.skipif(shutil.which("git") is None, reason="git saknas")
def test_version_line_and_export_sheet_from_git(example):
    git = ["git", "-C", str(example), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "data"], check=True)
    subprocess.run([*git, "commit", "-qm", "data"], check=True)
    head = subprocess.run([*git, "log", "-1", "--format=%h %cs"], capture_output=True, text=True)
    commit, datum = head.stdout.split()
    text = _ansokan("2026")
    assert text.rstrip().endswith(
        f"*Gjord med stod {__version__} ur plattformens data, version {commit} ({datum}).*"
    )
    result = run("export", "2025", "--per", "2026-02-15")
    assert result.exit_code == 0, show(result)
    from openpyxl import load_workbook

    book = load_workbook(example / "ut" / "export-2025.xlsx")
    assert book.sheetnames[-1] == "Om filen"
    rows = {r[0]: r[1] for r in book["Om filen"].iter_rows(min_row=2, values_only=True)}
    assert rows["Gjord med"] == f"stod {__version__}"
    assert rows["Data"] == f"version {commit} ({datum})"
    assert rows["År"] == "2025"
    assert rows["Siffrorna gäller till och med"].date() == dt.date(2025, 12, 31)
    assert rows["Plattform"] == "Stödplattform för sociala företag i Västerbergslagen"


# -- last year's results --------------------------------------------------------------------------


def _goal_lines(text: str, title: str) -> list[str]:
    part = text.split(f"**{title}:**\n\n", 1)[1].split("\n\n", 1)[0]
    return [line[2:] for line in part.splitlines()]


def test_goals_reached_and_not_with_their_figures(example):
    """Each of last year's goals, in the list its status puts it, with target and outcome as the
    report has them (an outcome counted in people printed as it is, never computed)."""
    per = dt.date(2026, 2, 20)
    summary = year_summary(load_data(EXAMPLE), 2025, per)
    text = _ansokan("2026", "--per", per.isoformat())
    results = _section(text, "Resultat och effekt")
    reached = _goal_lines(results, "Uppnådda mål 2025")
    missed = _goal_lines(results, "Mål som inte uppnåddes 2025")
    assert len(reached) + len(missed) == len(summary["mal"])
    for goal in summary["mal"]:
        lines = reached if goal["status"] == "uppnått" else missed
        outcome = "saknas" if goal["utfall"] is None else tal(goal["utfall"])
        effort = f", {goal['insats_namn']}" if goal.get("insats_namn") else ""
        start = (
            f"{goal['beskrivning']} (målvärde {tal(goal['malvarde'])}{effort}): utfall {outcome}"
        )
        assert any(x.startswith(start.replace(NBSP, " ")) for x in lines), (start, lines)
    words = {0: "inget", 1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex"}
    count = sum(g["status"] == "uppnått" for g in summary["mal"])
    total = len(summary["mal"])
    assert f"Under 2025 har {words[count]} av {words[total]} mål uppnåtts." in results
    meetings = next(x for x in missed if x.startswith("Stödplattformen träffas"))
    assert meetings.startswith(
        "Stödplattformen träffas minst sex gånger under året (målvärde 6): utfall 5, "
    )


def test_a_masked_outcome_is_printed_as_it_is(in_tmp):
    data = copy_base(in_tmp)
    ar = (data / "ar" / "2025.yaml").read_text("utf-8")
    ar += "mal:\n  - {id: deltagare, beskrivning: Minst tio deltagare, matt: deltagare, malvarde: 10}\n"
    write_files(data, {"ar/2025.yaml": ar, "ar/2026.yaml": ar.replace("ar: 2025", "ar: 2026")})
    outcome = year_summary(load_data(data), 2025, dt.date(2026, 1, 15))["mal"][0]["utfall"]
    assert isinstance(outcome, str)  # one participant: masked, whatever the mark
    text = _ansokan("2026", "--per", "2026-01-15")
    line = _goal_lines(text, "Mål som inte uppnåddes 2025")[0]
    assert line.startswith(f"Minst tio deltagare (målvärde 10): utfall {outcome}")
    assert "Små antal deltagare visas inte exakt" in text


def test_last_years_grant_outcome_and_co_financing(example):
    ar = yaml.safe_load((EXAMPLE / "ar" / "2025.yaml").read_text("utf-8"))
    text = _ansokan("2026", "--per", "2026-02-20")
    budget = _section(text, "Tidsram och budget")
    block = budget.split("**Bidraget för 2025**", 1)[1].split("**Budget 2026**", 1)[0]
    assert "| Insats | Sökt | Beviljat | Utfall |" in block
    for insats in ar["insatser"]:
        utfall = sum(p["utfall"] for p in insats["budget"])
        row = (
            f"| {insats['namn']} | {insats['sokt']:,} kr | {insats['beviljat']:,} kr | "
            f"{utfall:,} kr |"
        ).replace(",", " ")
        assert row in block, (row, block)
    total = sum(p["utfall"] for i in ar["insatser"] for p in i["budget"])
    assert f"**{total:,} kr** |".replace(",", " ") in block
    parter = {
        p["id"]: p["organisation"]
        for p in yaml.safe_load((EXAMPLE / "plattform.yaml").read_text("utf-8"))["parter"]
    }
    for insats in ar["insatser"]:
        for m in insats.get("medfinansiering", []):
            amount = f"{m['timmar']} timmar" if "timmar" in m else f"{m['belopp']:,} kr"
            line = f"- {parter[m['part']]}: "
            assert any(
                x.startswith(line) and amount.replace(",", " ") in x and insats["kortnamn"] in x
                for x in block.splitlines()
            ), (line, amount, block)


def test_an_unfinished_year_shows_no_outcome_and_an_undecided_grant(in_tmp):
    data = copy_base(in_tmp)
    ar = (data / "ar" / "2025.yaml").read_text("utf-8")
    write_files(data, {"ar/2026.yaml": ar.replace("ar: 2025", "ar: 2026")})
    text = _ansokan("2026", "--per", "2025-11-01")
    block = text.split("**Bidraget för 2025**", 1)[1].split("**Budget 2026**", 1)[0]
    assert "| Stödplattform för sociala företag | 380 000 kr | ej beslutat |" in block
    assert "Utfall" not in block.split("\n\n")[1]
    assert "Året 2025 är inte slut: utfallet redovisas i årsrapporten." in block


# -- stale texts -------------------------------------------------------------------------------


def test_a_copied_text_is_marked_like_a_missing_one(example):
    assert run("ny", "ar", "2028").exit_code == 0
    result = run("ansokan", "2028", "--per", "2027-11-01", "--ut", "-")
    assert result.exit_code == 0, show(result)
    bakgrund = _section(result.stdout, "Bakgrund")
    assert bakgrund.startswith(
        "**[Texten är oförändrad från 2027: se över den]{.stod-saknas}**\n\nStödplattformen har"
    )
    assert "är densamma som i ar/2027.yaml" in result.stderr
    html = run("ansokan", "2028", "--per", "2027-11-01", "--ut", "-", "--format", "html").stdout
    marked = '<span class="stod-saknas">Texten är oförändrad från 2027: se över den</span>'
    assert marked in " ".join(html.split())


def test_a_text_speaking_of_last_year_as_ahead_is_marked(example):
    path = example / "data" / "ar" / "2027.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("Under 2027 vill vi göra", "Under 2026 ska vi göra"), "utf-8")
    assert "Under 2026 ska vi göra" in path.read_text("utf-8")
    result = run("ansokan", "2027", "--per", "2026-11-20", "--ut", "-")
    assert result.exit_code == 0, show(result)
    goal = _section(result.stdout, "Mål och syfte")
    assert goal.startswith(
        "**[Texten talar om 2026 som framtid (”Under 2026 ska”): se över den]{.stod-saknas}**"
    )
    assert "talar om 2026 som framtid (”Under 2026 ska”)" in result.stderr
    assert "Texten talar om" not in _section(result.stdout, "Bakgrund")


def test_the_examples_own_texts_are_not_marked(example):
    for args in (("2025", "--per", "2024-11-21"), ("2026",), ("2027", "--per", "2026-11-20")):
        result = run("ansokan", *args, "--ut", "-")
        assert result.exit_code == 0, show(result)
        assert "oförändrad" not in result.stdout and "som framtid" not in result.stdout


# -- Swedish as written by hand --------------------------------------------------------------------


def test_support_resource_is_the_platforms_word(example):
    """The support resource gave the hours when they all belong to one effort (2024); with
    hours in two efforts (2025: the platform and the industry track) the platform did, and
    the sentence after says how the hours divide, as the goals per effort count them."""
    last_year = ("2025", "--per", "2024-11-21")
    assert "Stödresursen har gett 91,5 timmars stöd" in _ansokan(*last_year)
    text = _ansokan("2026")
    assert "Plattformen har gett 117 timmars stöd" in text
    assert "Av timmarna hör 111 till stödplattformen och 6 till industrispåret." in text
    assert "Stödresursen har gett" not in text
    path = example / "data" / "plattform.yaml"
    path.write_text(path.read_text("utf-8") + "stodresurs: samordnaren\n", "utf-8")
    text = _ansokan(*last_year)
    assert "Samordnaren har gett" in text and "Stödresursen har gett" not in text


def test_numbers_in_words_and_no_sentence_starts_with_a_digit(example):
    """In stod's own running text (the user's texts aside): one to twelve in words, and no
    sentence that starts with a digit."""
    texter = yaml.safe_load((EXAMPLE / "ar" / "2026.yaml").read_text("utf-8"))["texter"]
    for per in ("2025-11-20", "2026-02-20"):
        text = _ansokan("2026", "--per", per).split("## Ansökan", 1)[1]  # after the address
        for own in texter.values():
            text = text.replace(own.strip(), "")
        assert re.search(r"genomfört (nio|tio|elva|tolv) möten", text), text
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
        running = [p for p in paragraphs if p and not p.startswith(("|", "#", "- ", "**", "["))]
        assert len(running) > 5
        for paragraph in running:
            assert not re.search(r"(^|[.!?] )\d", paragraph), paragraph
            assert not re.search(r"\b([1-9]|1[0-2]) (möten|mål|företag|personer)\b", paragraph)
    text = _ansokan("2025", "--per", "2024-11-21")
    assert "HR och personalfrågor samt administration" in text  # not 'hr', not two 'och'


def test_filters():
    assert [ord_(n) for n in (0, 1, 2, 12, 13, 130)] == ["noll", "en", "två", "tolv", "13", "130"]
    assert ord_(1, "ett") == "ett" and ord_(3.0) == "tre" and ord_(8.5) == "8,5"
    assert ord_("färre än 5") == "färre än fem" and ord_(None) == "–"  # in running text
    assert versal("samordnaren") == "Samordnaren" and versal("hR-resursen") == "HR-resursen"
    assert lista(["a", "b", "c"]) == "a, b och c"
    assert lista(["bokföring", "HR och personalfrågor", "administration"]) == (
        "bokföring, HR och personalfrågor samt administration"
    )
    assert (
        lista(["Sälj och marknadsföring", "ASF-skola"]) == "Sälj och marknadsföring samt ASF-skola"
    )


def test_this_years_co_financing_is_in_the_budget(example):
    """The application asks for the year's grant with the year's co-financing beside it,
    recounted from ar/2026.yaml, each description lower-case inside its parentheses."""
    text = _ansokan("2026").split("**Budget 2026**", 1)[1]
    ar = yaml.safe_load((EXAMPLE / "ar" / "2026.yaml").read_text("utf-8"))
    rows = [(i, m) for i in ar["insatser"] for m in i.get("medfinansiering", [])]
    assert rows
    listed = text.split("Medfinansiering 2026 utöver bidraget:\n\n", 1)[1].split("\n\n", 1)[0]
    assert len(listed.splitlines()) == len(rows), listed
    assert (
        "- Samarkand2015: arbetstid, 120 timmar för stödplattformen"
        " (sammankallande och mötesplanering)" in listed
    )
    assert "- Ludvika kommun: lokal, 45 000 kr för industrispåret (lokal för praktik" in listed
