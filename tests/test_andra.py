"""`stod avsluta`, `stod klar`, `stod inlamnad`: exactly one value changes, every other byte of
the file stays as it was; wrong ids are Swedish messages with a near match, and nothing is
written."""

from __future__ import annotations

import errno
import os
import shutil

import pytest

from stodplattform import newdata

from .conftest import EXAMPLE, run, show


@pytest.fixture
def repo(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def snapshot(repo) -> dict[str, bytes]:
    data = repo / "data"
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}


def only_changed(before: bytes, after: bytes, changes: dict[int, bytes]) -> None:
    """`after` is `before` with the lines (0-based, with their line endings) in `changes`
    replaced, and nothing else."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    assert len(new) == len(old), (before, after)
    for i, (a, b) in enumerate(zip(old, new, strict=True)):
        assert b == changes.get(i, a), (i, a, b)


def valid(*files: str) -> bool:
    result = run("validera")
    return result.exit_code == 0 and not any(f in result.stdout for f in files)


# -- stod avsluta ------------------------------------------------------------------------------


def test_avsluta_sets_slut_after_start_and_utfall_last(repo):
    path = repo / "data" / "deltagare" / "2026.yaml"
    before = path.read_bytes()
    result = run(
        "avsluta", "is-2026-04", "--slut", "2026-12", "--utfall", "Fortsatt i annan insats"
    )
    assert result.exit_code == 0, show(result)
    assert "IS-2026-04 avslutad 2026-12 med utfall fortsatt_annan_insats" in result.stderr
    lines = before.splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if line.startswith(b"- {id: IS-2026-04,"))
    expected = (
        lines[i]
        .replace(b"start: 2026-10,", b"start: 2026-10, slut: 2026-12,")
        .replace(
            b"foretag: hantverkstan}", b"foretag: hantverkstan, utfall: fortsatt_annan_insats}"
        )
    )
    assert expected != lines[i]
    only_changed(before, path.read_bytes(), {i: expected})
    assert valid("deltagare/")


def test_avsluta_in_a_block_file_with_comments_bom_and_crlf(repo):
    path = repo / "data" / "deltagare" / "2027.yaml"
    original = (
        "\ufeff# Deltagare 2027 – för hand\r\n"
        "-   id: IS-2027-01   # den första\r\n"
        "    insats: industrisparet\r\n"
        "    start: 2027-02\r\n"
        "    kon: annat\r\n"
        "\r\n"
        "# slut på listan\r\n"
    ).encode("utf-8")
    path.write_bytes(original)
    result = run("avsluta", "IS-2027-01", "--slut", "2027-05", "--utfall", "studier")
    assert result.exit_code == 0, show(result)
    assert path.read_bytes() == original.replace(
        b"    start: 2027-02\r\n", b"    start: 2027-02\r\n    slut: 2027-05\r\n"
    ).replace(b"    kon: annat\r\n", b"    kon: annat\r\n    utfall: studier\r\n")


def test_avsluta_a_participant_who_went_on_into_a_new_year(repo):
    """IS-2025-10 is in 2025 and 2026 without an end; ended in 2027 they are added to 2027's
    file with the same particulars."""
    before = snapshot(repo)
    result = run("avsluta", "IS-2025-10", "--slut", "2027-02", "--utfall", "arbete")
    assert result.exit_code == 0, show(result)
    after = snapshot(repo)
    assert {k for k in after if after[k] != before.get(k)} == {"deltagare/2027.yaml"}
    assert (
        after["deltagare/2027.yaml"]
        .decode("utf-8")
        .endswith(
            "- {id: IS-2025-10, insats: industrisparet, start: 2025-11, slut: 2027-02, kon: kvinna, "
            "aldersgrupp: 25-29, remitterad_av: af, forsorjning_fore: forsorjningsstod, "
            "foretag: hantverkstan, utfall: arbete}\n"
        )
    )


def test_avsluta_wrong_id_suggests_and_writes_nothing(repo):
    before = snapshot(repo)
    result = run("avsluta", "IS-2025-99", "--slut", "2025-12", "--utfall", "arbete")
    assert result.exit_code == 1, show(result)
    assert result.stderr == (
        "fel: deltagaren 'IS-2025-99' finns inte i någon fil i deltagare/; menade du "
        "'IS-2025-19'?\n"
    )
    bad = run("avsluta", "IS-2025-12", "--slut", "2025-12", "--utfall", "jobb")
    assert bad.exit_code == 1
    assert "fel: 'jobb' är inget giltigt värde för --utfall; tillåtna värden: arbete" in bad.stderr
    assert snapshot(repo) == before


def test_avsluta_never_echoes_a_personnummer(repo):
    result = run("avsluta", "19121212-1212", "--slut", "2025-12", "--utfall", "arbete")
    assert result.exit_code == 1, show(result)
    assert "1212-1212" not in result.stdout + result.stderr
    assert "ange deltagarens pseudonym" in result.stderr


def test_avsluta_checks_the_result_before_writing(repo):
    before = snapshot(repo)
    result = run("avsluta", "IS-2025-12", "--slut", "2025-05", "--utfall", "arbete")
    assert result.exit_code == 1, show(result)
    assert "deltagare/2025.yaml skrevs inte; ändringen skulle ge fel:" in result.stderr
    assert "'slut' (2025-05) ligger före 'start' (2025-07)" in result.stderr
    twice = run("avsluta", "IS-2025-01", "--slut", "2025-09", "--utfall", "arbete")
    assert twice.exit_code == 1
    assert "IS-2025-01 är redan avslutad 2025-08 (utfall: arbete)" in twice.stderr
    assert snapshot(repo) == before


# -- stod klar ---------------------------------------------------------------------------------


MOTE = "data/moten/2025-11-12-plattformsmote.yaml"


def test_klar_lists_the_open_actions_and_asks_for_a_number(repo):
    before = snapshot(repo)
    result = run("klar", "2025-11-12")
    assert result.exit_code == 2, show(result)
    assert result.stdout == (
        "1. Ta fram underlag om lokaler för industrispåret (ludvika-ame, senast 2026-01-31)\n"
        "2. Sammanställa deltagarstatistik till årsrapporten (samarkand, senast 2026-02-20)\n"
    )
    assert "mötet den 2025-11-12 har 2 öppna åtgärder; ange vilken" in result.stderr
    assert snapshot(repo) == before


def test_klar_changes_only_that_status(repo):
    path = repo / MOTE
    before = path.read_bytes()
    result = run("klar", "2025-11-12", "2")
    assert result.exit_code == 0, show(result)
    assert "Klar: Sammanställa deltagarstatistik till årsrapporten" in result.stderr
    lines = before.splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if b"Sammanst" in line)
    only_changed(
        before, path.read_bytes(), {i: lines[i].replace(b"status: oppen", b"status: klar")}
    )
    # now one open action is left: no number needed
    one = run("klar", "2025-11-12")
    assert one.exit_code == 0, show(one)
    assert b"status: oppen" not in path.read_bytes()
    none = run("klar", "2025-11-12")
    assert none.exit_code == 1 and "har inga öppna åtgärder" in none.stderr


def test_klar_adds_status_where_it_was_left_out(repo):
    path = repo / "data" / "moten" / "2026-12-09-plattformsmote.yaml"
    original = (
        "datum: 2026-12-09\n"
        "typ: plattformsmote\n"
        "rubrik: Årets sista möte\n"
        "atgarder:\n"
        "  - vad: Boka lokal   # viktigt\n"
        "    ansvarig: samarkand\n"
        "  - {vad: Skicka kallelse, ansvarig: samarkand}\n"
        "# slut\n"
    )
    path.write_text(original, "utf-8")
    first = run("klar", "2026-12-09", "1")
    assert first.exit_code == 0, show(first)
    second = run("klar", "2026-12-09", "1")
    assert second.exit_code == 0, show(second)
    assert path.read_text("utf-8") == original.replace(
        "    ansvarig: samarkand\n", "    ansvarig: samarkand\n    status: klar\n"
    ).replace("ansvarig: samarkand}", "ansvarig: samarkand, status: klar}")


def test_klar_wrong_date_or_number(repo):
    before = snapshot(repo)
    result = run("klar", "2025-11-13")
    assert result.exit_code == 1, show(result)
    assert "fel: inget möte den 2025-11-13 i moten/; närmaste möten: 2025-10-16, 2025-11-12" in (
        result.stderr
    )
    wrong = run("klar", "2025-11-12", "5")
    assert wrong.exit_code == 1
    assert "ingen öppen åtgärd nummer 5 för mötet den 2025-11-12; välj 1–2" in wrong.stderr
    bad = run("klar", "12/11/2025")
    assert bad.exit_code == 1 and "menade du 2025-11-12?" in bad.stderr, show(bad)
    assert snapshot(repo) == before


# -- stod inlamnad -----------------------------------------------------------------------------


def test_inlamnad_adds_the_date_and_keeps_the_rest(repo):
    path = repo / "data" / "ar" / "2025.yaml"
    before = path.read_bytes()
    result = run("inlamnad", "2025", "årsrapport", "--datum", "2026-02-20")
    assert result.exit_code == 0, show(result)
    assert "Årsrapport inlämnad 2026-02-20 i data/ar/2025.yaml" in result.stderr
    lines = before.splitlines(keepends=True)
    i = lines.index(b"  - {typ: \xc3\x85rsrapport, senast: 2026-02-28}\n")
    only_changed(
        before,
        path.read_bytes(),
        {i: b"  - {typ: \xc3\x85rsrapport, senast: 2026-02-28, inlamnad: 2026-02-20}\n"},
    )
    again = run("inlamnad", "2025", "Årsrapport", "--datum", "2026-02-20")
    assert again.exit_code == 0 and "redan inlämnad 2026-02-20" in again.stderr


def test_inlamnad_replaces_a_date_and_says_so(repo):
    path = repo / "data" / "ar" / "2025.yaml"
    before = path.read_bytes()
    result = run("inlamnad", "2025", "TERTIALRAPPORT 2", "--datum", "2025-09-01")
    assert result.exit_code == 0, show(result)
    assert "Tertialrapport 2 inlämnad 2025-09-01 (i stället för 2025-09-03)" in result.stderr
    lines = before.splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if b"Tertialrapport 2" in line)
    only_changed(before, path.read_bytes(), {i: lines[i].replace(b"2025-09-03", b"2025-09-01")})


def test_inlamnad_ambiguous_lists_and_wrong_suggests(repo):
    before = snapshot(repo)
    both = run("inlamnad", "2025", "tertialrapport")
    assert both.exit_code == 2, show(both)
    assert both.stdout == (
        "Tertialrapport 1 (senast 2025-04-30)\nTertialrapport 2 (senast 2025-08-31)\n"
    )
    wrong = run("inlamnad", "2025", "Årsrapprt")
    assert wrong.exit_code == 1
    assert "fel: ingen rapport 'Årsrapprt' i ar/2025.yaml; menade du 'Årsrapport'?" in (
        wrong.stderr
    )
    year = run("inlamnad", "2019", "Årsrapport")
    assert year.exit_code == 1 and "ar/2019.yaml finns inte" in year.stderr
    date = run("inlamnad", "2025", "Årsrapport", "--datum", "2026-02-30")
    assert date.exit_code == 1 and "februari 2026 har 28 dagar" in date.stderr
    assert snapshot(repo) == before


def test_inlamnad_with_senast_picks_one_of_two_with_the_same_name(repo):
    path = repo / "data" / "ar" / "2026.yaml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("typ: Tertialrapport 1", "typ: tertialrapport").replace(
            "typ: Tertialrapport 2", "typ: tertialrapport"
        ),
        "utf-8",
    )
    result = run(
        "inlamnad", "2026", "tertialrapport", "--senast", "2026-08-31", "--datum", "2026-08-30"
    )
    assert result.exit_code == 0, show(result)
    assert "{typ: tertialrapport, senast: 2026-08-31, inlamnad: 2026-08-30}" in path.read_text(
        "utf-8"
    )


def test_inlamnad_per_writes_the_day_of_the_figures_and_keeps_the_date(repo):
    """--per on a report already handed in: `per` is set, `inlamnad` stays as it is."""
    path = repo / "data" / "ar" / "2026.yaml"
    before = path.read_bytes()
    lines = before.splitlines(keepends=True)
    i = lines.index(b"  - {typ: Tertialrapport 2, senast: 2026-08-31, inlamnad: 2026-08-31}\n")
    result = run("inlamnad", "2026", "Tertialrapport 2", "--per", "2026-08-15")
    assert result.exit_code == 0, show(result)
    assert result.stdout == ""
    assert result.stderr == (
        "Tertialrapport 2 inlämnad 2026-08-31 med siffror per 2026-08-15 i data/ar/2026.yaml\n"
    )
    added = (
        b"  - {typ: Tertialrapport 2, senast: 2026-08-31, inlamnad: 2026-08-31, per: 2026-08-15}\n"
    )
    only_changed(before, path.read_bytes(), {i: added})
    again = run("inlamnad", "2026", "Tertialrapport 2", "--per", "2026-08-15")
    assert again.exit_code == 0, show(again)
    assert (
        "Tertialrapport 2 är redan inlämnad 2026-08-31 med siffror per 2026-08-15" in again.stderr
    )
    other = run("inlamnad", "2026", "Tertialrapport 2", "--per", "2026-08-31")
    assert other.exit_code == 0, show(other)
    assert "med siffror per 2026-08-31 (i stället för 2026-08-15)" in other.stderr
    only_changed(before, path.read_bytes(), {i: added.replace(b"08-15", b"08-31")})
    assert valid("ar/2026.yaml")


def test_inlamnad_per_and_datum_are_added_in_that_order(repo):
    path = repo / "data" / "ar" / "2026.yaml"
    before = path.read_bytes()
    lines = before.splitlines(keepends=True)
    i = lines.index(b"  - {typ: \xc3\x85rsrapport, senast: 2027-02-28}\n")
    result = run("inlamnad", "2026", "årsrapport", "--datum", "2027-02-20", "--per", "2027-02-15")
    assert result.exit_code == 0, show(result)
    assert result.stdout == ""
    assert "Årsrapport inlämnad 2027-02-20 med siffror per 2027-02-15 i data/ar/2026.yaml" in (
        result.stderr
    )
    expected = (
        b"  - {typ: \xc3\x85rsrapport, senast: 2027-02-28, inlamnad: 2027-02-20, per: 2027-02-15}\n"
    )
    only_changed(before, path.read_bytes(), {i: expected})


def test_inlamnad_per_in_a_block_entry_gets_its_own_line(repo):
    path = repo / "data" / "ar" / "2026.yaml"
    text = path.read_text("utf-8").replace(
        "  - {typ: Tertialrapport 1, senast: 2026-04-30, inlamnad: 2026-04-29}\n",
        "  - typ: Tertialrapport 1\n    senast: 2026-04-30  # tertialets slut\n"
        "    inlamnad: 2026-04-29\n",
    )
    path.write_text(text, "utf-8")
    result = run("inlamnad", "2026", "Tertialrapport 1", "--per", "2026-04-30")
    assert result.exit_code == 0, show(result)
    assert path.read_text("utf-8") == text.replace(
        "    inlamnad: 2026-04-29\n", "    inlamnad: 2026-04-29\n    per: 2026-04-30\n"
    )


def test_inlamnad_per_wrong_is_a_message_and_nothing_is_written(repo):
    before = snapshot(repo)
    bad = run("inlamnad", "2026", "Tertialrapport 1", "--per", "30/4")
    assert bad.exit_code == 1, show(bad)
    assert bad.stdout == ""
    assert "fel: '--per' ska vara ett datum som ÅÅÅÅ-MM-DD" in bad.stderr
    early = run("inlamnad", "2026", "Tertialrapport 1", "--per", "2025-12-31")
    assert early.exit_code == 1, show(early)
    assert early.stdout == ""
    assert "data/ar/2026.yaml skrevs inte" in early.stderr
    assert "'per' (2025-12-31) ligger före året 2026" in early.stderr
    assert "Traceback" not in bad.stderr + early.stderr
    assert snapshot(repo) == before


# -- the lock and the operating system ------------------------------------------------------------


def test_a_locked_folder_and_a_file_open_in_excel(repo, monkeypatch):
    from filelock import FileLock

    before = snapshot(repo)
    monkeypatch.setattr(newdata, "LOCK_WAIT", 0.1)
    with FileLock(str(repo / ".stod.lock")):
        result = run("klar", "2025-11-12", "1")
    assert result.exit_code == 1, show(result)
    assert "datamappen är låst av en annan körning av stod" in result.stderr

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    open_file = run("inlamnad", "2025", "Årsrapport")
    monkeypatch.undo()
    assert open_file.exit_code == 1, show(open_file)
    assert "öppen i Excel" in open_file.stderr and "ar/2025.yaml" in open_file.stderr
    assert "Traceback" not in result.stderr + open_file.stderr
    assert snapshot(repo) == before
