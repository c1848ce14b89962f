"""Personal identity numbers in the forms people really write them never get through, and are
never echoed; a comma decimal is never silently cut to a whole number."""

from __future__ import annotations

import pytest

from stodplattform.privacy import find_identity_numbers

from ..conftest import copy_base, run, show

SECRET = "19121212"  # the date part: never printed without its last four masked
FORMS = {
    "tankstreck": "19121212\u20131212",  # Word's en dash
    "minustecken": "19121212\u22121212",
    "mellanslag-runt": "19121212 - 1212",
    "hart-mellanslag": "19121212\u00a01212",
    "tankstreck-med-mellanslag": "121212 \u2013 1212",
    # found by an attack: other spacing, invisible characters, full-width digits
    "tva-mellanslag": "121212  1212",
    "radbrytning": "121212\n1212",
    "radbrytning-fore-strecket": "121212\n-1212",
    "em-mellanslag": "121212\u20031212",
    "ideografiskt-mellanslag": "121212\u30001212",
    "nollbrett-mellanslag": "121212\u200b-1212",
    "mjukt-bindestreck": "121212\u00ad1212",
    "ordfog": "121212\u20601212",
    # found by a second attack: other separators, the date's pairs apart, marks in the date
    "snedstreck": "19121212/1212",
    "punkt": "121212.1212",
    "kolon": "121212:1212",
    "dubbla-streck": "121212 -- 1212",
    "mittpunkt": "121212 \u00b7 1212",
    "par-isar": "1912 12 12-1212",
    "nollbrett-i-datumet": "1212\u200b12-1212",
    "accent-i-datumet": "121\u0301212-1212",
    "riktningstecken": "121212\u200e-1212",
    "isolat": "121212-\u2066\u20691212",
    "helbredd": "\uff11\uff19\uff11\uff12\uff11\uff12\uff11\uff12\uff0d\uff11\uff12\uff11\uff12",
}
COMPANY = "data/foretag/aterbruket.yaml"


def _company(data, line: str) -> None:
    (data / "foretag" / "aterbruket.yaml").write_text(
        f"namn: Återbruket\nkommun: Provby\nstatus: aktiv\n{line}\n", encoding="utf-8"
    )


def _assert_refused(result, line: int = 4) -> None:
    assert result.exit_code == 1, show(result)
    out = result.stdout + result.stderr
    assert f"{COMPANY}:{line}:" in out, show(result)
    assert "personnummer" in out, show(result)
    assert not list(find_identity_numbers(out)), show(result)  # masked wherever it is shown


@pytest.mark.parametrize("form", sorted(FORMS))
def test_written_forms_are_found(form):
    assert [m for _, _, m in find_identity_numbers(f"ring {FORMS[form]} i dag")], form


@pytest.mark.parametrize("form", sorted(FORMS))
def test_forms_are_refused_and_masked(form, in_tmp):
    data = copy_base(in_tmp)
    text = FORMS[form].replace("\n", "\n    ")  # a line break inside a block of text
    _company(data, f"verksamhet: |\n    Kontakt {text}")
    _assert_refused(run("validera"), line=5)


def test_ny_refuses_them_too(in_tmp):
    copy_base(in_tmp)
    result = run("ny", "stod", "--datum", "2025-03-01", "--foretag", "aterbruket",
                 "--omrade", "hr", "--timmar", "1", "Samtal med 121212  1212")  # fmt: skip
    assert result.exit_code == 1, show(result)
    assert not list(find_identity_numbers(result.stdout + result.stderr)), show(result)


@pytest.mark.parametrize(
    ("line", "at"),
    [
        ('verksamhet: "Kontakt 121212\\x2D1212"', 4),  # a YAML escape for '-'
        ('verksamhet: "Kontakt 121212\\u20131212"', 4),  # and for an en dash
        ("verksamhet: Kontakt 19121212-\n  1212 i telefon", 4),  # wrapped across two lines
        ("verksamhet: >\n  Kontakt 19121212\n  1212 i telefon", 5),  # folded: a space
        ("verksamhet: >\n  A 121212-\n            1212 B", 5),  # more indented: kept as is
    ],
)
def test_forms_only_the_parsed_value_shows(line, at, in_tmp):
    data = copy_base(in_tmp)
    _company(data, line)
    _assert_refused(run("validera"), line=at)


def test_never_reaches_a_document(in_tmp):
    data = copy_base(in_tmp)
    _company(data, f"verksamhet: Kontakt {FORMS['tankstreck']}")
    result = run("rapport", "2025", "--ut", "-", "--per", "2025-12-31")
    assert result.exit_code == 1, show(result)
    assert SECRET not in result.stdout.replace(f"{SECRET}-****", ""), show(result)
    assert not (in_tmp / "ut").exists()


@pytest.mark.parametrize("value", ["19121212-1212", "19121212\u20131212", "121212 - 1212"])
def test_not_echoed_in_usage_errors(value, in_tmp):
    copy_base(in_tmp)
    result = run("rapport", "2025", "--per", value)
    assert result.exit_code == 2, show(result)
    assert "ogiltigt värde för '--per'" in result.stderr, show(result)
    assert not list(find_identity_numbers(result.stdout + result.stderr)), show(result)


def test_not_echoed_by_init(in_tmp):
    result = run("init", "ny 19121212-1212", "--region", "Provby")
    assert result.exit_code == 0, show(result)
    assert "19121212-****" in result.stderr, show(result)
    assert not list(find_identity_numbers(result.stdout + result.stderr)), show(result)


@pytest.mark.parametrize(
    ("row", "fix"),
    [
        ("{datum: 2025-03-01, foretag: aterbruket, omrade: hr, timmar: 2,5}", "skriv 2.5"),
        ("{datum: 2025-03-01, foretag: aterbruket, omrade: hr, timmar: 2, 75}", "skriv 2.75"),
    ],
)
def test_comma_decimal_in_a_row_is_an_error(row, fix, in_tmp):
    data = copy_base(in_tmp)
    with (data / "stod" / "2025.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"- {row}\n")
    result = run("validera")
    assert result.exit_code == 1, show(result)
    assert fix in result.stdout, show(result)
    assert run("rapport", "2025", "--ut", "-", "--per", "2025-12-31").exit_code == 1


def test_thousands_comma_in_the_year_file_is_an_error(in_tmp):
    data = copy_base(in_tmp)
    path = data / "ar" / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("{post: Stödresurs, belopp: 300000}",
                     "{post: Stödresurs, belopp: 300000, utfall: 240,000}"),
        encoding="utf-8",
    )  # fmt: skip
    result = run("validera")
    assert result.exit_code == 1, show(result)
    assert "'utfall: 240,000'" in result.stdout and "skriv 240000" in result.stdout, show(result)
