"""`stod ny foretag|mote|stod|deltagare`: valid by construction, the user's text untouched."""

from __future__ import annotations

import shutil

import pytest

from .conftest import EXAMPLE, copy_base, run, show, write_files


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp / "data"


STOD = ["ny", "stod", "--foretag", "luddes-hundcenter", "--omrade", "bokforing", "--timmar", "2"]


def test_append_keeps_comments_and_formatting_byte_for_byte(in_tmp):
    data = copy_base(in_tmp)
    original = (
        "# Stödlogg 2025 – skriven för hand\r\n"
        "- {datum: 2025-01-14, foretag: luddes-hundcenter, omrade: bokforing, timmar: 3}  # bra möte\r\n"
        "\r\n"
        "-   datum: 2025-02-03      # ett annat skrivsätt\r\n"
        "    foretag: aterbruket\r\n"
        "    omrade: hr\r\n"
        "    timmar: 1.5"  # no newline at the end
    )
    (data / "stod" / "2025.yaml").write_bytes(original.encode("utf-8"))
    result = run(*STOD, "--datum", "2025-03-04", "Genomgång av kassaflöde: del 1")
    assert result.exit_code == 0, show(result)
    after = (data / "stod" / "2025.yaml").read_bytes().decode("utf-8")
    assert after.startswith(original)
    assert after[len(original) :] == (  # in the file's own line ending (CRLF)
        "\r\n- {datum: 2025-03-04, foretag: luddes-hundcenter, omrade: bokforing, timmar: 2, "
        'beskrivning: "Genomgång av kassaflöde: del 1"}\r\n'
    )
    assert run("validera", "--strikt").exit_code == 0


def test_append_to_empty_list_and_new_file(in_tmp):
    data = copy_base(in_tmp)
    (data / "stod" / "2025.yaml").write_text("# tom logg\n[]\n", encoding="utf-8")
    assert run(*STOD, "--datum", "2025-03-04").exit_code == 0
    assert (data / "stod" / "2025.yaml").read_text("utf-8") == (
        "# tom logg\n- {datum: 2025-03-04, foretag: luddes-hundcenter, omrade: bokforing, timmar: 2}\n"
    )
    write_files(
        data,
        {"ar/2026.yaml": (data / "ar" / "2025.yaml").read_text("utf-8").replace("2025", "2026")},
    )
    assert run(*STOD, "--datum", "2026-01-05").exit_code == 0
    assert (
        (data / "stod" / "2026.yaml")
        .read_text("utf-8")
        .startswith("# Stödlogg 2026\n- {datum: 2026-01-05")
    )
    assert run("validera", "--strikt").exit_code == 0


def test_unknown_enterprise_is_refused_with_location(example):
    before = (example / "stod" / "2025.yaml").read_bytes()
    result = run(
        "ny",
        "stod",
        "--foretag",
        "luddes",
        "--omrade",
        "hr",
        "--timmar",
        "1",
        "--datum",
        "2025-05-05",
    )
    assert result.exit_code == 1, show(result)
    assert "data/stod/2025.yaml skrevs inte" in result.stderr
    assert "fel: företaget 'luddes' finns inte; menade du 'luddes-hundcenter'?" in result.stderr
    assert (example / "stod" / "2025.yaml").read_bytes() == before


def test_bad_option_value_is_refused(example):
    result = run(*STOD[:-1], "tre", "--datum", "2025-05-05")
    assert result.exit_code == 1
    assert "'timmar' måste vara ett tal större än 0, fick 'tre'" in result.stderr


def test_prompts_ask_again_after_a_bad_answer(example):
    result = run(
        "ny", "stod", "--datum", "2025-05-05", input="vaderbacken\nbokfring\nbokforing\n1,5\n1.5\n"
    )
    assert result.exit_code == 0, show(result)
    assert "menade du 'bokforing'?" in result.stderr
    assert "decimalpunkt: 1.5" in result.stderr
    last = (example / "stod" / "2025.yaml").read_text("utf-8").splitlines()[-1]
    assert last == "- {datum: 2025-05-05, foretag: vaderbacken, omrade: bokforing, timmar: 1.5}"


def test_missing_option_without_input_names_the_option(example):
    result = run("ny", "stod", "--omrade", "hr", "--timmar", "1", input="")
    assert result.exit_code == 1, show(result)
    assert "ange --foretag" in result.stderr


def test_ny_foretag(example):
    result = run("ny", "foretag", "--namn", "Cykelverkstan i Ludvika", "--kommun", "Ludvika",
                 "--verksamhet", "Cykelreparationer", "--associationsform", "ekonomisk_forening")  # fmt: skip
    assert result.exit_code == 0, show(result)
    path = example / "foretag" / "cykelverkstan-i-ludvika.yaml"
    assert path.read_text("utf-8") == (
        "namn: Cykelverkstan i Ludvika\nkommun: Ludvika\nverksamhet: Cykelreparationer\n"
        "associationsform: ekonomisk_forening\nstatus: aktiv\n"
    )
    again = run("ny", "foretag", "--namn", "Cykelverkstan i Ludvika", "--kommun", "Ludvika")
    assert again.exit_code == 1 and "finns redan" in again.stderr
    assert run("validera", "--strikt").exit_code == 0


def test_ny_foretag_prompts(example):
    result = run("ny", "foretag", input="Sömnadsateljén\nSmedjebacken\n")
    assert result.exit_code == 0, show(result)
    assert (
        (example / "foretag" / "somnadsateljen.yaml")
        .read_text("utf-8")
        .startswith("namn: Sömnadsateljén\n")
    )


def test_ny_mote(example):
    args = ["ny", "mote", "--datum", "2026-12-09", "--typ", "plattformsmote", "--rubrik", "Planering: 2027",
            "--status", "planerat", "--plats", "Samarkand, Ludvika"]  # fmt: skip
    result = run(*args)
    assert result.exit_code == 0, show(result)
    path = (
        example / "moten" / "2026-12-09-plattformsmote-2.yaml"
    )  # the planned meeting already has -plattformsmote
    assert path.read_text("utf-8") == (
        'datum: 2026-12-09\ntyp: plattformsmote\nrubrik: "Planering: 2027"\nstatus: planerat\n'
        'plats: "Samarkand, Ludvika"\n'
    )
    bad = run(
        "ny",
        "mote",
        "--datum",
        "2026-12-10",
        "--typ",
        "fokusdag",
        "--rubrik",
        "X",
        "--narvaro",
        "samarkan",
    )
    assert bad.exit_code == 1
    assert "parten 'samarkan' finns inte i plattform.yaml; menade du 'samarkand'?" in bad.stderr
    assert not (example / "moten" / "2026-12-10-fokusdag.yaml").exists()


def test_ny_deltagare_gets_next_pseudonym(example):
    args = ["ny", "deltagare", "--insats", "industrisparet", "--start", "2026-11", "--kon", "kvinna",
            "--aldersgrupp", "30-49", "--remitterad-av", "af"]  # fmt: skip
    result = run(*args)
    assert result.exit_code == 0, show(result)
    assert "Lade till IS-2026-11 i data/deltagare/2026.yaml" in result.stderr
    assert run(*args).stderr.count("IS-2026-12") == 1
    last = (example / "deltagare" / "2026.yaml").read_text("utf-8").splitlines()[-1]
    assert last == (
        "- {id: IS-2026-12, insats: industrisparet, start: 2026-11, kon: kvinna, "
        "aldersgrupp: 30-49, remitterad_av: af}"
    )
    assert run("validera", "--strikt").exit_code == 0


def test_ny_deltagare_new_effort_prefix_and_checks(example):
    result = run(
        "ny", "deltagare", "--insats", "stodplattformen", "--start", "2026-03", "--kon", "man"
    )
    assert result.exit_code == 0, show(result)
    assert "ST-2026-01" in result.stderr
    result = run(
        "ny",
        "deltagare",
        "--insats",
        "okand",
        "--start",
        "2026-03",
        "--kon",
        "man",
        "--prefix",
        "OK",
    )
    assert result.exit_code == 1 and "insatsen 'okand' finns inte i ar/2026.yaml" in result.stderr
    result = run(
        "ny",
        "deltagare",
        "--insats",
        "industrisparet",
        "--start",
        "2026-03",
        "--kon",
        "man",
        "--prefix",
        "x1",
    )
    assert result.exit_code == 1 and "--prefix ska vara 2–4 versaler" in result.stderr
