"""Writing files: all or nothing, checked first, and every failure of the operating system a
Swedish message naming the file (exit 1), never a traceback or a hang."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import stodplattform.output as output

from ..conftest import EXAMPLE, copy_base, run, show, write_files

PER = "2026-01-10"
LATER = "2026-01-11"  # another --per: every document differs from the first run's


def _snapshot(folder):
    """{relative path: (bytes, inode)} of every file below `folder`: a rewrite changes one."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _leftovers(folder):
    return [
        p.name
        for p in folder.rglob("*")
        if p.name.startswith(output.TEMP_PREFIX) and p.name.endswith((".tmp", ".old"))
    ]


def _no_traceback(result):
    assert "Traceback" not in result.stderr + result.stdout, show(result)


@pytest.fixture
def base(in_tmp):
    copy_base(in_tmp)
    return in_tmp


def _fail_on(monkeypatch, function_name, call, error):
    """Make the `call`-th call of output.<function_name> raise `error`."""
    real = getattr(output, function_name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == call:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(output, function_name, failing)
    return calls


# --- all or nothing --------------------------------------------------------------------------


def test_full_disk_leaves_report_and_charts_as_they_were(base, monkeypatch):
    result = run("rapport", "2025", "--per", PER)
    assert result.exit_code == 0, show(result)
    ut = base / "ut"
    charts = list((ut / "uppfoljning-2025-diagram").iterdir())
    assert len(charts) >= 2  # the third write is a chart
    before = _snapshot(ut)
    calls = _fail_on(
        monkeypatch, "_write_temp", 3, OSError(errno.ENOSPC, "No space left on device")
    )
    result = run("rapport", "2025", "--per", LATER)
    assert len(calls) == 3
    assert result.exit_code == 1, show(result)
    assert "fel: kan inte skriva ut/uppfoljning-2025-diagram/" in result.stderr, show(result)
    assert "disken är full" in result.stderr, show(result)
    _no_traceback(result)
    assert _snapshot(ut) == before
    assert _leftovers(ut) == []


def test_first_report_on_full_disk_leaves_nothing(base, monkeypatch):
    _fail_on(monkeypatch, "_write_temp", 3, OSError(errno.ENOSPC, "No space left on device"))
    result = run("rapport", "2025", "--per", PER)
    assert result.exit_code == 1, show(result)
    assert not (base / "ut").exists()  # not a report without its charts, not an empty folder


def test_failure_while_moving_into_place_puts_old_files_back(base, monkeypatch):
    assert run("rapport", "2025", "--per", PER).exit_code == 0
    ut = base / "ut"
    before = _snapshot(ut)
    real = os.replace
    calls = []

    def replace(src, dst):
        if ut in Path(dst).parents:  # not the charts' own scratch files
            calls.append(dst)
        if len(calls) == 3 and Path(dst) == calls[-1]:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    result = run("rapport", "2025", "--per", LATER)
    assert result.exit_code == 1, show(result)
    assert len(calls) > 3  # the two files already moved were put back
    monkeypatch.setattr(output.os, "replace", real)
    assert {k: v[0] for k, v in _snapshot(ut).items()} == {k: v[0] for k, v in before.items()}
    assert _leftovers(ut) == []


def test_edited_fifth_csv_means_no_csv_is_rewritten(base):
    result = run("export", "2025", "--format", "csv", "--per", PER)
    assert result.exit_code == 0, show(result)
    folder = base / "ut" / "export-2025"
    fifth = folder / "mal.csv"  # stodlogg, stod-per-foretag, moten, budget, mal, …
    fifth.write_bytes(fifth.read_bytes() + b"min egen rad\r\n")
    before = _snapshot(folder)
    result = run("export", "2025", "--format", "csv", "--per", LATER)
    assert result.exit_code == 1, show(result)
    assert "mal.csv har ändrats" in result.stderr and "--skriv-over" in result.stderr
    assert _snapshot(folder) == before
    result = run("export", "2025", "--format", "csv", "--per", LATER, "--skriv-over")
    assert result.exit_code == 0, show(result)
    assert b"min egen rad" not in fifth.read_bytes()


def test_csv_export_on_full_disk_keeps_every_old_file(base, monkeypatch):
    assert run("export", "2025", "--format", "csv", "--per", PER).exit_code == 0
    folder = base / "ut" / "export-2025"
    before = _snapshot(folder)
    _fail_on(monkeypatch, "_write_temp", 4, OSError(errno.ENOSPC, "No space left on device"))
    result = run("export", "2025", "--format", "csv", "--per", LATER)
    assert result.exit_code == 1 and "disken är full" in result.stderr, show(result)
    assert _snapshot(folder) == before
    assert _leftovers(folder) == []


def test_init_is_all_or_nothing(in_tmp, monkeypatch):
    _fail_on(monkeypatch, "_write_temp", 3, OSError(errno.ENOSPC, "No space left on device"))
    result = run("init", "ny")
    assert result.exit_code == 1 and "disken är full" in result.stderr, show(result)
    assert not (in_tmp / "ny").exists()


# --- the operating system's errors as messages -----------------------------------------------


def test_file_open_in_excel(base, monkeypatch):
    assert run("export", "2025", "--per", PER).exit_code == 0

    def locked(src, dst):  # what Windows says when Excel has the file open
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))

    monkeypatch.setattr(output.os, "replace", locked)
    result = run("export", "2025", "--per", LATER)
    assert result.exit_code == 1, show(result)
    assert result.stderr.strip() == (
        "fel: kan inte skriva ut/export-2025.xlsx: filen används av ett annat program – är den "
        "öppen i Excel eller Word? Stäng den och försök igen"
    ), show(result)


def test_read_only_output_folder(base, monkeypatch):
    (base / "ut").mkdir()

    def refused(*args, dir=None, **kwargs):  # as a read-only folder answers (tests run as root)
        raise PermissionError(errno.EACCES, "Permission denied", os.path.join(dir, ".stod-x"))

    monkeypatch.setattr(output.tempfile, "mkstemp", refused)
    result = run("export", "2025", "--per", PER)
    assert result.exit_code == 1, show(result)
    assert "fel: kan inte skriva ut/export-2025.xlsx: du saknar skrivrätt i mappen ut" in (
        result.stderr
    ), show(result)
    _no_traceback(result)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root skriver ändå")
def test_read_only_output_folder_for_real(base):
    (base / "ut").mkdir()
    (base / "ut").chmod(0o555)
    try:
        result = run("export", "2025", "--per", PER)
    finally:
        (base / "ut").chmod(0o755)
    assert result.exit_code == 1 and "du saknar skrivrätt i mappen ut" in result.stderr


def test_read_only_file_system(base, monkeypatch):
    _fail_on(monkeypatch, "_write_temp", 1, OSError(errno.EROFS, "Read-only file system"))
    result = run("export", "2025", "--per", PER)
    assert result.exit_code == 1, show(result)
    assert "kan inte skriva ut/export-2025.xlsx: filsystemet är skrivskyddat" in result.stderr


def test_long_file_name(base):
    name = "r" * 247 + ".md"  # 250 characters: fits, and so must the temporary files beside it
    result = run("rapport", "2025", "--per", PER, "--ut", name)
    assert result.exit_code == 0, show(result)
    assert (base / name).read_bytes().startswith(b"#")
    assert (base / ("r" * 247 + "-diagram")).is_dir()
    too_long = "r" * 300 + ".md"
    result = run("rapport", "2025", "--per", PER, "--ut", too_long)
    assert result.exit_code == 1, show(result)
    assert "filnamnet är för långt (303 byte; filsystemet tillåter 255)" in result.stderr
    _no_traceback(result)
    html_folder = "m" * 260 + "/rapport.html"
    result = run("rapport", "2025", "--per", PER, "--format", "html", "--ut", html_folder)
    assert result.exit_code == 1 and "namnet på mappen" in result.stderr, show(result)


def test_fifo_as_output_does_not_hang(base):
    fifo = base / "ror.md"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "stodplattform", "rapport", "2025", "--per", PER, "--ut", "ror.md"],
        cwd=base,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "STOD_DATA": "data"},
    )
    assert done.returncode == 1, done.stderr
    assert "ror.md är ingen vanlig fil" in done.stderr
    assert "Traceback" not in done.stderr
    assert fifo.is_fifo()


def test_device_as_output_is_refused(base):
    for flags in ([], ["--skriv-over"]):
        result = run("export", "2025", "--per", PER, "--ut", "/dev/null", *flags)
        assert result.exit_code == 1, show(result)
        assert "/dev/null är ingen vanlig fil" in result.stderr
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_a_file_where_the_folder_should_be(base):
    (base / "ut").write_text("inte en mapp\n", encoding="utf-8")
    result = run("export", "2025", "--format", "csv", "--per", PER)
    assert result.exit_code == 1, show(result)
    assert "ut är en fil, inte en mapp" in result.stderr
    _no_traceback(result)


@pytest.mark.parametrize(
    "stamps",
    [
        "[1, 2, 3]",
        '{"export-2025.xlsx": ["a"], "annan.docx": {"x": 1}}',
        '"en text"',
        "[" * 100_000 + "]" * 100_000,
        "\xff\xfe inte json",
    ],
)
def test_stamp_file_of_the_wrong_shape_is_ignored(base, stamps):
    ut = base / "ut"
    ut.mkdir()
    (ut / output.MANIFEST).write_text(stamps, encoding="latin-1")
    result = run("export", "2025", "--per", PER)
    assert result.exit_code == 0, show(result)
    written = json.loads((ut / output.MANIFEST).read_text("utf-8"))
    assert isinstance(written, dict) and set(map(type, written.values())) == {str}
    assert run("export", "2025", "--per", LATER).exit_code == 0  # its own stamp is recognised


def test_stamp_file_that_is_a_fifo_does_not_hang(base):
    (base / "ut").mkdir()
    os.mkfifo(base / "ut" / output.MANIFEST)
    assert output._manifest(base / "ut") == {}


def test_stdout_is_utf8_whatever_the_code_page(base):
    write_files(
        base / "data",
        {"foretag/aterbruket.yaml": "namn: Ωmega ✓ AB\nkommun: Provby\nstatus: aktiv\n"},
    )
    done = subprocess.run(
        [sys.executable, "-m", "stodplattform", "rapport", "2025", "--per", PER, "--ut", "-"],
        cwd=base,
        capture_output=True,
        timeout=60,
        env={**os.environ, "STOD_DATA": "data", "PYTHONIOENCODING": "cp1252"},
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "Ωmega ✓ AB" in done.stdout.decode("utf-8")


def test_write_stdout_bypasses_the_text_encoder(monkeypatch):
    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", console)
    output.write_stdout("Ωmega – ✓\n".encode())
    assert raw.getvalue() == "Ωmega – ✓\n".encode()


def test_handles_errors_puts_any_os_error_into_words():
    import typer

    from stodplattform.cli.common import handles_errors

    @handles_errors
    def command():
        raise PermissionError(errno.EACCES, "Permission denied", "data/foretag/x.yaml")

    with pytest.raises(typer.Exit) as stopped:
        command()
    assert stopped.value.exit_code == 1


@pytest.mark.parametrize(
    ("code", "stage", "expected"),
    [
        (errno.ENOSPC, "skriv", "kan inte skriva ut/a.docx: disken är full"),
        (errno.EACCES, "byt", "kan inte skriva ut/a.docx: filen används av ett annat program"),
        (errno.EACCES, "skriv", "kan inte skriva ut/a.docx: du saknar skrivrätt i mappen ut"),
        (errno.EACCES, "las", "kan inte läsa ut/a.docx: åtkomst nekad"),
        (errno.EACCES, None, "ut/a.docx: åtkomst nekad"),
        (errno.ENAMETOOLONG, "skriv", "kan inte skriva ut/a.docx: namnet är för långt"),
        (errno.ELOOP, None, "ut/a.docx: symboliska länkar"),
        (errno.ENOENT, None, "ut/a.docx: filen eller mappen finns inte"),
    ],
)
def test_os_error_messages(in_tmp, code, stage, expected):
    message = output.os_error_message(OSError(code, os.strerror(code)), Path("ut/a.docx"), stage)
    assert message.startswith(expected), message


def test_error_file_name_comes_from_the_error(in_tmp):
    error = PermissionError(errno.EACCES, "Permission denied", str(in_tmp / "data" / "x.yaml"))
    assert (
        output.os_error_message(error) == "data/x.yaml: åtkomst nekad; kontrollera behörigheterna"
    )


# --- charts ------------------------------------------------------------------------------------


def test_names_with_dollars_are_shown_as_written(base):
    write_files(
        base / "data",
        {
            "foretag/aterbruket.yaml": "namn: Kafé $5 och $10\nkommun: Provby\nstatus: aktiv\n",
            "foretag/luddes-hundcenter.yaml": "namn: Gården $^$ AB\nkommun: Provby\nstatus: aktiv\n",
        },
    )
    for fmt in ("md", "html"):
        result = run("rapport", "2025", "--per", PER, "--format", fmt)
        assert result.exit_code == 0, show(result)
        _no_traceback(result)
    markdown = (base / "ut" / "uppfoljning-2025.md").read_text("utf-8").replace("\\", "")
    assert "Kafé $5 och $10" in markdown and "Gården $^$ AB" in markdown
    assert list((base / "ut" / "uppfoljning-2025-diagram").glob("*.png"))
    html = (base / "ut" / "uppfoljning-2025.html").read_text("utf-8")
    assert "Kafé $5 och $10" in html
    from stodplattform.formats.charts import STYLE

    assert STYLE["text.parse_math"] is False  # drawn as written, not as TeX (test_charts.py)


def test_export_to_the_terminal_is_refused(base):
    result = run("export", "2025", "--per", PER, "--ut", "-")
    assert result.exit_code == 1 and "kan inte skrivas till terminalen" in result.stderr
    assert not (base / "-").exists()


def test_a_chart_changed_by_hand_is_not_overwritten(in_tmp):
    """Found by an attack: the charts beside a Markdown report were replaced whatever they
    held, also through a chart folder that is a link out of the repository."""
    shutil.copytree(EXAMPLE, in_tmp / "data")
    assert run("rapport", "2025", "--per", "2026-02-15").exit_code == 0
    chart = in_tmp / "ut" / "uppfoljning-2025-diagram" / "budget.png"
    chart.write_bytes(b"ritad for hand")
    result = run("rapport", "2025", "--per", "2026-02-15")
    assert result.exit_code == 1, show(result)
    assert "budget.png har ändrats sedan stod skrev den" in result.stderr, show(result)
    assert chart.read_bytes() == b"ritad for hand"
    assert run("rapport", "2025", "--per", "2026-02-15", "--skriv-over").exit_code == 0
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_a_chart_folder_linked_out_of_the_repository_is_not_written_through(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "repo" / "data")
    victim = in_tmp / "offer"
    victim.mkdir()
    (victim / "budget.png").write_bytes(b"offrets fil")
    (in_tmp / "repo" / "ut").mkdir()
    (in_tmp / "repo" / "ut" / "uppfoljning-2025-diagram").symlink_to(victim)
    result = run("rapport", "2025", "--data", "repo/data", "--per", "2026-02-15")
    assert result.exit_code == 1, show(result)
    assert (victim / "budget.png").read_bytes() == b"offrets fil"
