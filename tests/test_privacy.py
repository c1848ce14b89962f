"""Personal data: identity numbers refused and never echoed; small counts masked."""

from __future__ import annotations

from stodplattform.privacy import (
    find_identity_numbers,
    luhn_ok,
    orgnr_problem,
)

from .conftest import copy_base, run, show


def _found(text):
    return [masked for _, _, masked in find_identity_numbers(text)]


def test_personnummer_forms():
    assert _found("19121212-1212") == ["19121212-****"]
    assert _found("121212-1212") == ["121212-****"]
    assert _found("1212121212") == ["121212-****"]
    assert _found("121212+1212") == ["121212+****"]
    assert _found("x 201212121212 y") == ["20121212-****"]


def test_samordningsnummer_day_plus_60():
    assert _found("701063-2391") == ["701063-****"]


def test_not_identity_numbers():
    assert _found("121212-1213") == []  # wrong check digit
    assert _found("2025-01-14 IS-2025-01 1450000 769600-0000") == []
    assert _found("123456-7890") == []  # month 34
    assert _found("1121212121212") == []  # inside a longer number


def test_luhn():
    assert luhn_ok("8112189876")
    assert not luhn_ok("8112189875")


def test_orgnr():
    assert orgnr_problem("556036-0793") is None
    assert "kontrollsiffra" in orgnr_problem("556036-0794")
    assert "personnummer" in orgnr_problem("121212-1212")
    assert "NNNNNN-NNNN" in orgnr_problem("55603")


def test_identity_number_never_echoed(in_tmp):
    data = copy_base(in_tmp)
    path = data / "moten" / "2025-05-19-plattformsmote.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 19121212-1212\n", encoding="utf-8")
    result = run("validera")
    assert result.exit_code == 1, show(result)
    assert "1212-1212" not in result.stdout + result.stderr
    assert "19121212-****" in result.stdout
    result = run("validera", "--format", "json")
    assert "1212-1212" not in result.stdout


def test_identity_number_on_the_command_line_is_never_echoed(in_tmp):
    data = copy_base(in_tmp)
    for args in (
        ["ny", "stod", "--foretag", "19121212-1212", "--omrade", "hr", "--timmar", "1"],
        ["ny", "foretag", "--namn", "X", "--kommun", "Y", "--id", "19121212-1212"],
        ["validera", "--format", "19121212-1212"],
    ):
        result = run(*args)
        assert result.exit_code != 0, show(result)
        assert "1212-1212" not in result.stdout + result.stderr, show(result)
    assert not list(data.rglob("*1212*"))


def test_identity_number_in_a_file_name(in_tmp):
    data = copy_base(in_tmp)
    (data / "foretag" / "19121212-1212.yaml").write_text(
        "namn: X\nkommun: Y\nstatus: aktiv\n", "utf-8"
    )
    result = run("validera")
    assert result.exit_code == 1
    assert (
        "filnamnet innehåller ett personnummer eller samordningsnummer (19121212-****)"
        in result.stdout
    )
    assert "1212-1212" not in result.stdout
