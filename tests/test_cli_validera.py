"""`stod validera`: exit codes, text and JSON, where each kind of output goes."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import EXAMPLE, copy_base, run, show, write_files


def test_example_data_is_clean():
    result = run("validera", "--data", str(EXAMPLE), "--strikt")
    assert result.exit_code == 0, show(result)
    assert result.stdout == ""
    assert "inga fel, inga varningar" in result.stderr


def test_clean_run_prints_one_summary_line(in_tmp):
    copy_base(in_tmp)
    result = run("validera")
    assert result.exit_code == 0, show(result)
    assert result.stderr.strip() == "Kontrollerade 7 filer: inga fel, inga varningar."


def test_errors_exit_1_with_located_lines(in_tmp):
    data = copy_base(in_tmp)
    (data / "stod" / "2025.yaml").write_text(
        "- {datum: 2025-01-14, foretag: luddes, omrade: bokforing, timmar: tre}\n", encoding="utf-8"
    )
    result = run("validera")
    assert result.exit_code == 1, show(result)
    # the bad 'timmar' does not hide the unknown enterprise in the same entry
    assert result.stdout.splitlines() == [
        "data/stod/2025.yaml:1:32: fel: företaget 'luddes' finns inte; "
        "menade du 'luddes-hundcenter'?",
        "data/stod/2025.yaml:1:67: fel: 'timmar' måste vara ett tal större än 0, fick 'tre'",
    ], show(result)
    assert "Kontrollerade 7 filer: 2 fel, inga varningar." in result.stderr


def test_all_errors_in_one_run_sorted(in_tmp):
    data = copy_base(in_tmp)
    write_files(
        data,
        {
            "stod/2025.yaml": """
                - {datum: 2025-01-14, foretag: luddes-hundcenter, omrade: bokföring, timmar: 3}
                - {datum: 2025-02-30, foretag: aterbruket, omrade: hr, timmar: 1.5}
            """,
            "foretag/aterbruket.yaml": "namn: Återbruket\nkommun: Provby\nstatus: Aktiv\n",
        },
    )
    result = run("validera")
    assert result.exit_code == 1, show(result)
    lines = result.stdout.splitlines()
    assert len(lines) == 3, show(result)
    assert lines[0].startswith("data/foretag/aterbruket.yaml:3:9: fel:")
    assert lines[1].startswith("data/stod/2025.yaml:1:")
    assert lines[2].startswith("data/stod/2025.yaml:2:")
    assert "Kontrollerade 7 filer: 3 fel, inga varningar." in result.stderr


def test_warnings_fail_only_with_strikt(in_tmp):
    data = copy_base(in_tmp)
    (data / "anteckningar.yaml").write_text("a: b\n", encoding="utf-8")
    result = run("validera")
    assert result.exit_code == 0, show(result)
    assert result.stdout.startswith("data/anteckningar.yaml:1:1: varning: okänd fil")
    assert "1 varning" in result.stderr
    assert run("validera", "--strikt").exit_code == 1


def test_json_format(in_tmp):
    data = copy_base(in_tmp)
    (data / "foretag" / "aterbruket.yaml").write_text(
        "namn: Återbruket\nkommun: Provby\nstatus: Aktiv\n", encoding="utf-8"
    )
    result = run("validera", "--format", "json")
    assert result.exit_code == 1, show(result)
    problems = json.loads(result.stdout)
    assert problems == [
        {
            "fil": "data/foretag/aterbruket.yaml",
            "rad": 3,
            "kolumn": 9,
            "niva": "fel",
            "meddelande": "'Aktiv' är inget giltigt värde för 'status'; menade du 'aktiv'?",
        }
    ]


def test_json_clean_is_empty_list(in_tmp):
    copy_base(in_tmp)
    result = run("validera", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_data_from_environment(in_tmp, monkeypatch):
    copy_base(in_tmp)
    (in_tmp / "data").rename(in_tmp / "annan")
    monkeypatch.setenv("STOD_DATA", "annan")
    result = run("validera")
    assert result.exit_code == 0, show(result)


def test_missing_data_folder_is_a_clear_error(in_tmp):
    result = run("validera", "--data", "finns-inte")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "fel: datamappen 'finns-inte' finns inte" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2_in_swedish(in_tmp):
    result = run("validera", "--format", "xml")
    assert result.exit_code == 2
    assert "ogiltigt värde för '--format'" in result.stderr
    result = run("validera", "--okand")
    assert result.exit_code == 2
    assert "okänd flagga: --okand" in result.stderr
    assert "─ Fel ─" in result.stderr and "Error" not in result.stderr


def test_missing_year_is_named(in_tmp):
    result = run("rapport")
    assert result.exit_code == 2
    assert "argumentet 'ar' saknas" in result.stderr, show(result)


def test_help_is_swedish_with_examples():
    for args in (["--help"], ["-h"], ["validera", "-h"]):
        result = run(*args)
        assert result.exit_code == 0, show(result)
        assert "Användning:" in result.stdout
        assert "Exempel:" in result.stdout
        assert "Show this message" not in result.stdout


def test_every_command_has_an_example_in_its_help():
    from stodplattform.cli import app

    names = [[c.name or c.callback.__name__] for c in app.registered_commands]
    for group in app.registered_groups:
        names.append([group.name])
        names += [[group.name, c.name] for c in group.typer_instance.registered_commands]
    assert ["ny", "ar"] in names
    for name in names:
        result = run(*name, "--help")
        assert result.exit_code == 0, show(result)
        assert "Exempel:" in result.stdout, name


def test_cli_import_is_light():
    code = (
        "import sys, stodplattform.cli; "
        "heavy = [m for m in ('pandas', 'numpy', 'jinja2', 'matplotlib', 'babel', 'pypandoc', "
        "'pydantic', 'yaml', 'platformdirs', 'markdown_it', 'pygments', 'rich.syntax', "
        "'typer.rich_utils', 'rich.markdown', 'stodplattform.cache', 'stodplattform.render', "
        "'stodplattform.repository', 'stodplattform.formats.charts') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_does_not_load_markdown_but_it_still_works():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from stodplattform.cli import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert 'Kommandon' in result.stdout, result.stdout\n"
        "print('markdown_it' in sys.modules)\n"
        "from rich.markdown import Markdown\n"
        "from rich.console import Console\n"
        "import io\n"
        "console = Console(record=True, width=40, file=io.StringIO())\n"
        "console.print(Markdown('# Rubrik'))\n"
        "print('Rubrik' in console.export_text(), 'markdown_it' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True"]


def test_help_shows_words_not_python_types(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    for args in (["--help"], ["rapport", "-h"], ["ny", "stod", "-h"], ["ny", "ar", "-h"]):
        result = run(*args)
        assert result.exit_code == 0, show(result)
        for python in ("<bool>", "<str>", "<int>", "<path>"):
            assert python not in result.stdout, (args, result.stdout)
    result = run("rapport", "-h")
    assert "Användning: stod rapport [FLAGGOR] {ÅR}" in result.stdout
    assert "stöd per företag och område, företagens nyckeltal" in result.stdout  # one paragraph
    assert "--per  " in result.stdout and "TEXT" in result.stdout
