"""What the command modules share: options, messages on stderr, and the error boundary."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from ..problems import StodError

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Datamappen. Annars miljövariabeln STOD_DATA, annars ./data.",
        show_default=False,
    ),
]


def console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def say(message: str, style: str = "") -> None:
    """A message to the user on stderr; user text is escaped, never read as markup."""
    from rich.markup import escape

    from ..privacy import mask_identity_numbers

    text = escape(mask_identity_numbers(message))
    console().print(f"[{style}]{text}[/{style}]" if style else text)


def handles_errors(command):
    """A run that cannot go on ends as 'fel: …' and exit 1, never as a traceback. An error
    from the operating system that no code on the way explained (a file that can't be read, a
    full disk) is put into words here, naming the file."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except StodError as e:
            say(f"fel: {e}", "red")
            raise typer.Exit(1) from None
        except OSError as e:
            from ..output import os_error_message

            say(f"fel: {os_error_message(e)}", "red")
            raise typer.Exit(1) from None

    return wrapper


PerOption = Annotated[
    str | None,
    typer.Option(
        "--per",
        help="Datumet dokumentet gäller per (ÅÅÅÅ-MM-DD). Standard: i dag. Samma --per ger samma dokument.",
        show_default=False,
    ),
]
SkrivOverOption = Annotated[
    bool,
    typer.Option("--skriv-over", help="Skriv över dokumentet även om det har ändrats för hand."),
]


def per_date(value: str | None):
    import datetime as dt

    if value is None:
        return dt.date.today()
    from ..fields import Invalid, parse_date

    try:
        return parse_date(value, "--per")
    except Invalid as e:
        raise typer.BadParameter(str(e), param_hint="'--per'") from None


def load_clean(data_option: Path | None):
    """Data without errors, or the problems printed and exit 1; warnings are shown."""
    from ..hints import cite, command
    from ..problems import as_text, has_errors
    from ..repository import load_data, resolve_folder

    folder = resolve_folder(data_option)
    loaded = load_data(folder)
    problems = loaded.problems
    if problems:
        typer.echo(as_text(problems), nl=False, err=True)
    if has_errors(problems):
        errors = sum(p.severity == "fel" for p in problems)
        raise StodError(
            f"data har {errors} fel; rätta dem innan dokumentet kan göras, se"
            f"{cite(command('validera', folder))}"
        )
    return loaded


def report_written(result, luckor: list[str]) -> None:
    """A document's gaps as warnings, then the document on stdout or the files written."""
    from ..paths import display_path

    for message in luckor:
        say(f"varning: {message}", "yellow")
    if result.content is not None:
        from ..output import write_stdout

        write_stdout(result.content)
        return
    main, *extra = result.written
    more = f" (och {len(extra)} diagram)" if extra else ""
    say(f"Skrev {display_path(main)}{more}", "green")


def require_year(loaded, year: int) -> None:
    """The year's file must exist (and be valid) for any document or overview of the year."""
    if year not in loaded.ar:
        from ..hints import cite, command
        from ..paths import display_path

        raise StodError(
            f"ar/{year}.yaml saknas i {display_path(loaded.folder)}; börja året med"
            f"{cite(command(f'ny ar {year}', loaded.folder))}"
        )
