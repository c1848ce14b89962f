"""`stod validera` warns about contact details the public web page cannot use (kontaktkontroll):
at the line and column of the value, by the same rules `stod webb` uses to leave them out."""

from __future__ import annotations

import shutil

import pytest

from stodplattform.kontaktkontroll import phone_problem

from .conftest import EXAMPLE, copy_base, run, show, write_files

PLATTFORM = """
    namn: Stödplattform för sociala företag i Provbygden
    region: Provbygden
    webbplats: {webbplats}
    kontakt:
      namn: Eva Exempel
      epost: {epost}
      telefon: {telefon}
    finansiar: {{namn: Provbygdens Samordningsförbund, kortnamn: Finsam}}
    sokande:
      organisation: Näringslivsenheten, Provby kommun
      undertecknare: {{namn: Eva Exempel, titel: Näringslivschef}}
    parter:
      - {{id: provby-naringsliv, organisation: Provby kommun, roll: Näringslivschef}}
      - {{id: samarkand, organisation: Samarkand2015, roll: VD, sammankallande: true}}
"""


def _plattform(data, webbplats="www.provbygden.example", epost="info@provbygden.example",
               telefon="'0240-123 45'"):  # fmt: skip
    write_files(
        data,
        {"plattform.yaml": PLATTFORM.format(webbplats=webbplats, epost=epost, telefon=telefon)},
    )


def _warnings(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": varning: " in line]


def test_good_contact_details_give_no_warning(in_tmp):
    data = copy_base(in_tmp)
    _plattform(data, "https://provbygden.example/om-oss", "mailto:eva@provbygden.example",
               "'+46 (0)240-123 45'")  # fmt: skip
    result = run("validera", "--strikt")
    assert result.exit_code == 0, show(result)
    assert _warnings(result) == [], show(result)


def test_the_example_data_has_no_contact_warning(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    result = run("validera")
    assert result.exit_code == 0, show(result)
    assert "kontakt" not in result.stdout and "webbplats" not in result.stdout, show(result)


def test_bad_platform_contact_details_warn_at_their_line(in_tmp):
    data = copy_base(in_tmp)
    _plattform(data, "'javascript:alert(1)'", "info at provbygden", "'0240–123 45'")
    result = run("validera")
    assert result.exit_code == 0, show(result)  # warnings: the documents are made all the same
    assert _warnings(result) == [
        "data/plattform.yaml:3:12: varning: 'webbplats' (javascript:alert(1)) är ingen "
        "webbadress (som www.exempel.se eller https://www.exempel.se); den visas inte på "
        "webbsidan (stod webb)",
        "data/plattform.yaml:6:10: varning: 'kontakt.epost' (info at provbygden) är ingen "
        "e-postadress (som info@exempel.se); den visas inte på webbsidan (stod webb)",
        "data/plattform.yaml:7:12: varning: 'kontakt.telefon' (0240–123 45) har tecknet '–' "
        "(skriv bindestreck, -); skriv bara siffror, mellanslag, +, - och parenteser, som "
        "070-123 45 67",
    ], show(result)
    assert run("validera", "--strikt").exit_code == 1


def test_an_enterprises_website_and_contact_warn_at_their_line(in_tmp):
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            "foretag/aterbruket.yaml": """
                namn: Återbruket
                kommun: Provby
                status: aktiv
                webbplats: ftp://aterbruket.example
                kontakt: {epost: aterbruket@example, telefon: ring oss, webbplats: www.åter bruket.se}
            """,
        },
    )
    result = run("validera")
    assert result.exit_code == 0, show(result)
    assert _warnings(result) == [
        "data/foretag/aterbruket.yaml:4:12: varning: 'webbplats' (ftp://aterbruket.example) är "
        "ingen webbadress (som www.exempel.se eller https://www.exempel.se); den visas inte på "
        "webbsidan (stod webb)",
        "data/foretag/aterbruket.yaml:5:18: varning: 'kontakt.epost' (aterbruket@example) är "
        "ingen e-postadress (som info@exempel.se); den visas inte på webbsidan (stod webb)",
        "data/foretag/aterbruket.yaml:5:47: varning: 'kontakt.telefon' (ring oss) är inget "
        "telefonnummer; skriv bara siffror, mellanslag, +, - och parenteser, som 070-123 45 67",
        "data/foretag/aterbruket.yaml:5:68: varning: 'kontakt.webbplats' (www.åter bruket.se) "
        "är ingen webbadress (som www.exempel.se eller https://www.exempel.se); den visas inte "
        "på webbsidan (stod webb)",
    ], show(result)


def test_validera_warns_about_what_stod_webb_leaves_out(in_tmp):
    """The same addresses, by the same rule: what validera warns about is what the page
    leaves out, and nothing else."""
    data = copy_base(in_tmp)
    _plattform(data, "'//provbygden.example'", "'<eva@provbygden.example>'")
    write_files(
        data,
        {
            "foretag/aterbruket.yaml": """
                namn: Återbruket
                kommun: Provby
                status: aktiv
                kontakt: {epost: a@aterbruket.example, webbplats: "https://aterbruket.example/a b"}
            """,
        },
    )
    checked = run("validera")
    site = run("webb", "--per", "2025-06-01")
    assert site.exit_code == 0, show(site)
    warned = {line.split(": varning: ")[1].split(" (")[0] for line in _warnings(checked)}
    left_out = {
        line.split(": ")[2].split(" (")[0]
        for line in site.stderr.splitlines()
        if "visas inte" in line
    }
    assert warned == left_out == {"'webbplats'", "'kontakt.epost'", "'kontakt.webbplats'"}, show(
        checked
    ) + show(site)


@pytest.mark.parametrize(
    ("value", "good"),
    [
        ("070-174 06 10", True),
        ("+46 (0)70-174 06 10", True),
        ("0240 123 45", True),
        ("070\u2013174 06 10", False),  # an en dash from Word
        ("070\u00a0174 06 10", False),  # a non-breaking space
        ("070-174 06 10 (växel)", False),
        ("tel: 070-174 06 10", False),
        ("070/174 06 10", False),
        ("-- ()", False),  # no digits
        ("070-174 06 10\x1b[2J", False),
    ],
)
def test_phone_numbers(value, good):
    assert (phone_problem(value) is None) is good, phone_problem(value)
