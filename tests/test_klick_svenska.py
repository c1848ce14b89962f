"""Every message the command line itself prints (Typer and its Click) is Swedish: each kind of
misuse is run and its output searched for the English words Click and Typer use. A new Typer
that adds or rewords a message fails here; pyproject.toml bounds Typer to versions run here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from stodplattform.cli.swedish import translate

from .conftest import ROOT, run, show

STOD = Path(sys.executable).with_name("stod.exe" if os.name == "nt" else "stod")

# Words from Click's and Typer's own messages (and pydantic's), none of them Swedish.
ENGLISH = re.compile(
    r"\b(Usage|Error|Try|help|Missing|Invalid|value for|Did you mean|Got|unexpected|extra|"
    r"No such|[Oo]ption|[Cc]ommand|COMMAND|ARGS|OPTIONS|requires|does not|take|Input|should|"
    r"valid|integer|unable|parse|string|Possible|Aborted|not one of|is not|required|default|"
    r"installed|[Cc]ompletion will|[Ss]hell|[Ee]nv var)\b"
)

MISUSES = {
    "okänt kommando": (["valider"], "okänt kommando: 'valider'; menade du 'validera'?"),
    "okänt underkommando": (["ny", "foretg"], "okänt kommando: 'foretg'; menade du 'foretag'?"),
    "okänd flagga": (["rapport", "2025", "--formt", "md"], "okänd flagga: --formt; menade du --format?"),
    "okänd flagga utan förslag": (["validera", "--xyzzy"], "okänd flagga: --xyzzy"),
    "ett argument för mycket": (["rapport", "2025", "2026"], "ett argument för mycket: 2026"),
    "flera argument för mycket": (["oversikt", "2025", "a", "b"], "argument för mycket: a b"),
    "argument saknas": (["rapport"], "argumentet 'ar' saknas"),
    "argument saknas i ny": (["ny", "ar"], "argumentet 'ar' saknas"),
    "inget heltal": (["rapport", "tva"], "ogiltigt värde för 'ar': 'tva' är inget heltal"),
    "heltal i flagga": (["init", "x", "--ar", "abc"], "ogiltigt värde för '--ar': 'abc' är inget heltal"),
    "inget av valen": (["rapport", "2025", "--format", "pdf"], "ska vara md, html eller docx, fick 'pdf'"),
    "flagga utan värde": (["validera", "--data"], "flaggan --data behöver ett värde"),
    "flagga som inte tar värde": (["validera", "--strikt=ja"], "flaggan --strikt tar inget värde"),
    "ogiltigt datum": (["rapport", "2025", "--per", "igår"], "ogiltigt värde för '--per'"),
    "flagga högst upp": (["--versio"], "okänd flagga: --versio; menade du --version?"),
}  # fmt: skip


@pytest.mark.parametrize("case", MISUSES, ids=list(MISUSES))
def test_every_misuse_is_told_in_swedish(in_tmp, case, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    args, expected = MISUSES[case]
    result = run(*args)
    assert result.exit_code == 2, show(result)
    assert expected in result.stderr, show(result)
    assert not ENGLISH.search(result.stderr), show(result)
    assert not ENGLISH.search(result.stdout), show(result)


def test_usage_lines_are_swedish():
    for args, usage in (
        (["valider"], "Användning: stod [FLAGGOR] KOMMANDO [ARGUMENT]..."),
        (["ny", "xyz"], "Användning: stod ny [FLAGGOR] KOMMANDO [ARGUMENT]..."),
        (["rapport"], "Användning: stod rapport [FLAGGOR] {ÅR}"),
    ):
        result = run(*args)
        assert usage in result.stderr, show(result)
        assert "Skriv 'stod" in result.stderr and "för hjälp." in result.stderr


def test_help_has_no_english(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    for args in (["--help"], ["rapport", "-h"], ["ny", "-h"], ["ny", "stod", "-h"], ["init", "-h"]):
        result = run(*args)
        assert result.exit_code == 0, show(result)
        # "help" is the flag's own name (--help), shown as it is typed
        text = result.stdout.replace("--help", "")
        assert not ENGLISH.search(text), (args, ENGLISH.search(text), result.stdout)


def _plain(*args: str, **env: str) -> subprocess.CompletedProcess:
    if not STOD.exists():
        pytest.skip(f"{STOD} finns inte (stod är inte installerat i miljön)")
    environment = {**os.environ, "COLUMNS": "100", **env}
    return subprocess.run(
        [str(STOD), *args], capture_output=True, text=True, cwd=ROOT, env=environment, check=False
    )


def test_installed_program_and_plain_output_are_swedish():
    """Through the real entry point, with Rich's panels and without them (TYPER_USE_RICH=0)."""
    for env in ({}, {"TYPER_USE_RICH": "0"}):
        for args in (["rapport", "2025", "2026"], ["valider"], ["rapport", "tva"]):
            done = _plain(*args, **env)
            assert done.returncode == 2, (env, args, done.stderr)
            assert not ENGLISH.search(done.stderr), (env, args, done.stderr)
            assert "Användning: stod" in done.stderr, done.stderr
    done = _plain("validera", "--okand", TYPER_USE_RICH="0")
    assert "fel: okänd flagga: --okand" in done.stderr, done.stderr


def test_version_short_and_long():
    for flag in ("-V", "--version"):
        result = run(flag)
        assert result.exit_code == 0, show(result)
        assert re.fullmatch(r"stod \d+\.\d+\.\d+\S*\n", result.stdout), result.stdout


# The mechanism itself, on errors built as Click builds them: the Swedish comes from what the
# error carries (its kind, its parameter, its suggestions, the pydantic error underneath), so
# a reworded English message in a later Typer changes nothing here.


def _click():
    import typer

    return sys.modules[typer.BadParameter.__module__]


def _context(*args: str):
    import typer

    from stodplattform.cli import app

    command = typer.main.get_command(app)
    return command.make_context("stod", list(args), resilient_parsing=True)


def test_translate_uses_what_the_error_carries():
    click = _click()
    ctx = _context()
    err = click.NoSuchOption("--strik", possibilities=["--strikt"], ctx=ctx)
    assert translate(err) == "okänd flagga: --strik; menade du --strikt?"
    version = next(p for p in ctx.command.params if p.name == "version")
    err = click.MissingParameter(ctx=ctx, param=version)
    assert translate(err) == "flaggan '--version' / '-V' saknas"


def test_translate_reads_pydantic_error_types():
    from pydantic import TypeAdapter, ValidationError

    click = _click()
    try:
        TypeAdapter(int).validate_python("tjugo")
    except ValidationError as cause:
        err = click.BadParameter("Some future English wording", param_hint="'ar'")
        err.__cause__ = cause
    assert translate(err) == "ogiltigt värde för 'ar': 'tjugo' är inget heltal"


def test_translate_masks_a_personal_identity_number():
    click = _click()
    err = click.NoSuchOption("--19121212-1212")
    assert "1212-1212" not in translate(err)


def test_show_completion_and_its_help_are_swedish(monkeypatch):
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = run("--show-completion", "bash")
    assert result.exit_code == 0, show(result)
    assert "_STOD_COMPLETE=complete_bash" in result.stdout
    monkeypatch.delenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION")
    help_text = run("--help").stdout
    assert "--install-completion" in help_text and "Installera kompletteringen" in help_text


def test_install_completion_says_what_it_did_in_swedish(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = run("--install-completion", "bash")
    assert result.exit_code == 0, show(result)
    script = tmp_path / ".bash_completions" / "stod.sh"
    assert script.is_file() and "_STOD_COMPLETE" in script.read_text("utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text("utf-8")
    assert f"Kompletteringen för bash är installerad i {script}." in result.stderr
    assert not ENGLISH.search(result.stdout + result.stderr.replace(str(script), "")), show(result)


def test_completion_completes_commands_and_flags():
    done = _plain(_STOD_COMPLETE="complete_bash", COMP_WORDS="stod val", COMP_CWORD="1")
    assert done.returncode == 0 and done.stdout.split() == ["validera"], done
    done = _plain(
        _STOD_COMPLETE="complete_bash", COMP_WORDS="stod rapport 2025 --for", COMP_CWORD="3"
    )
    assert done.stdout.split() == ["--format"], done
